/** Between words: anything but a letter, a mark (Devanagari's and Thai's vowel signs are marks) or a digit. */
export const WORD_BREAK = /[^\p{L}\p{M}\p{N}]+/u;
