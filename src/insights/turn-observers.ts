import type { TurnObserver } from '../core/engine.js';
import type { Logger } from '../core/logger.js';

/** Several observers as one (metrics and insights): each sees every turn; one that throws does not stop the others. */
export function allObservers(logger: Logger, ...observers: TurnObserver[]): TurnObserver {
  return {
    onTurn(observation) {
      for (const o of observers) {
        try {
          o.onTurn(observation);
        } catch (err) {
          logger.warn({ err }, 'a turn observer failed');
        }
      }
    },
  };
}
