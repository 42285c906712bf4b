import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { HttpError } from '../core/errors.js';
import { sessionIdFrom, type CookieOptions } from './agent-auth.js';
import type { AgentSessions } from './agent-sessions.js';

/** What the sign-in page needs before anyone is signed in; everything else under /agent needs a session. */
const PUBLIC_FILES = new Set(['login.html', 'login.js', 'panel.css', 'dom.js']);
const FILE_NAME = /^[a-z0-9][a-z0-9-]*\.(html|js|css|png|svg)$/;

export interface PanelPageDeps {
  /** web/agent */
  dir: string;
  sessions: AgentSessions;
  cookie: CookieOptions;
}

/**
 * /agent: the panel's static files, served here (not by the app's static middleware) so each
 * request can be checked for a session. Signed-out browsers are sent to /agent/login.
 */
export function panelPages(deps: PanelPageDeps): express.Router {
  const router = express.Router({ strict: true });
  if (!existsSync(path.join(deps.dir, 'index.html'))) throw new Error(`assist panel files not found in ${deps.dir}`);

  const send = (file: string, res: express.Response) => {
    res.set('Cache-Control', file.endsWith('.html') ? 'no-store' : 'no-cache');
    res.sendFile(file, { root: deps.dir, dotfiles: 'deny' });
  };

  router.get('/login', async (req, res) => {
    // Already signed in (a bookmark, the back button): straight to the panel.
    if (await deps.sessions.get(sessionIdFrom(req, deps.cookie))) {
      res.set('Cache-Control', 'no-store');
      res.redirect(303, '/agent');
      return;
    }
    send('login.html', res);
  });

  router.get(['/', '/index.html'], async (req, res) => {
    const session = await deps.sessions.get(sessionIdFrom(req, deps.cookie));
    if (!session) {
      res.set('Cache-Control', 'no-store');
      res.redirect(303, '/agent/login');
      return;
    }
    send('index.html', res);
  });

  router.get('/:file', async (req, res) => {
    const file = req.params.file;
    if (!FILE_NAME.test(file) || file === 'login.html' || !existsSync(path.join(deps.dir, file))) {
      throw new HttpError(404, 'not_found', `no file ${req.path}`);
    }
    if (!PUBLIC_FILES.has(file) && !(await deps.sessions.get(sessionIdFrom(req, deps.cookie)))) {
      throw new HttpError(401, 'not_signed_in', 'sign in at /agent/login first');
    }
    send(file, res);
  });

  router.use((req, _res, next) => next(new HttpError(404, 'not_found', `no page ${req.baseUrl}${req.path}`)));
  return router;
}
