export interface ScoredMember {
  member: string;
  score: number;
}

interface Block {
  members: string[];
  scores: number[];
}

/**
 * An in-memory sorted set with Redis ordering (score, then member), stored as a list of
 * small sorted blocks plus a score map. Lookups are O(1); inserts and removals are a binary
 * search over blocks and a splice inside one block, so moving a member in a 100k-member
 * set (a conversation updated, an expiry refreshed) costs microseconds, not a 100k memmove.
 */
export class SortedSet {
  readonly #blocks: Block[] = [];
  readonly #byMember = new Map<string, number>();
  readonly #maxBlock: number;

  /** `blockSize` only matters for tests, which use tiny blocks to exercise splitting. */
  constructor(blockSize = 256) {
    this.#maxBlock = Math.max(2, blockSize) * 2;
  }

  get size(): number {
    return this.#byMember.size;
  }

  score(member: string): number | undefined {
    return this.#byMember.get(member);
  }

  /** Adds or moves `member`; true when it was not present before. */
  add(member: string, score: number): boolean {
    const old = this.#byMember.get(member);
    if (old === score) return false;
    if (old !== undefined) this.#delete(member, old);
    this.#insert(member, score);
    this.#byMember.set(member, score);
    return old === undefined;
  }

  remove(member: string): boolean {
    const old = this.#byMember.get(member);
    if (old === undefined) return false;
    this.#delete(member, old);
    this.#byMember.delete(member);
    return true;
  }

  /** `count` members from `offset`, lowest score first (or highest first with `reverse`). */
  range(offset: number, count: number, reverse = false): ScoredMember[] {
    const out: ScoredMember[] = [];
    let skip = offset;
    const n = this.#blocks.length;
    for (let b = 0; b < n && out.length < count; b++) {
      const block = this.#blocks[reverse ? n - 1 - b : b]!;
      const len = block.members.length;
      if (skip >= len) {
        skip -= len;
        continue;
      }
      for (let k = skip; k < len && out.length < count; k++) {
        const i = reverse ? len - 1 - k : k;
        out.push({ member: block.members[i]!, score: block.scores[i]! });
      }
      skip = 0;
    }
    return out;
  }

  /** Score of the lowest-scored member (undefined when empty); allocation-free for hot-path checks. */
  lowestScore(): number | undefined {
    return this.#blocks[0]?.scores[0];
  }

  /** Removes and returns every member scored at or below `max` (they sit at the head). */
  popUpTo(max: number): string[] {
    const popped: string[] = [];
    while (this.#blocks.length > 0) {
      const block = this.#blocks[0]!;
      let end = 0;
      while (end < block.scores.length && block.scores[end]! <= max) end++;
      if (end === 0) break;
      const gone = block.members.splice(0, end);
      block.scores.splice(0, end);
      for (const m of gone) {
        this.#byMember.delete(m);
        popped.push(m);
      }
      if (block.members.length > 0) break;
      this.#blocks.shift();
    }
    return popped;
  }

  #insert(member: string, score: number): void {
    if (this.#blocks.length === 0) {
      this.#blocks.push({ members: [member], scores: [score] });
      return;
    }
    // Past the last block's maximum, it belongs at the end of the last block.
    const b = Math.min(this.#blockFor(member, score), this.#blocks.length - 1);
    const block = this.#blocks[b]!;
    const at = position(block, member, score);
    block.members.splice(at, 0, member);
    block.scores.splice(at, 0, score);
    if (block.members.length > this.#maxBlock) {
      const half = block.members.length >>> 1;
      this.#blocks.splice(b + 1, 0, { members: block.members.splice(half), scores: block.scores.splice(half) });
    }
  }

  #delete(member: string, score: number): void {
    const b = this.#blockFor(member, score);
    const block = this.#blocks[b]!;
    const at = position(block, member, score);
    block.members.splice(at, 1);
    block.scores.splice(at, 1);
    if (block.members.length === 0) this.#blocks.splice(b, 1);
  }

  /** Index of the first block whose last entry is not less than (score, member); blocks.length if none. */
  #blockFor(member: string, score: number): number {
    let lo = 0;
    let hi = this.#blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.#blocks[mid]!;
      const last = block.members.length - 1;
      if (less(block.scores[last]!, block.members[last]!, score, member)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function less(scoreA: number, memberA: string, scoreB: number, memberB: string): boolean {
  return scoreA < scoreB || (scoreA === scoreB && memberA < memberB);
}

/** Index of the first entry in `block` not less than (score, member). */
function position(block: Block, member: string, score: number): number {
  let lo = 0;
  let hi = block.members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (less(block.scores[mid]!, block.members[mid]!, score, member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
