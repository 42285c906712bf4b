/**
 * The code units of a text, copied by one native call into an array the reader reuses. Read
 * with charCodeAt, a loop over a long text ran at 5 ns a character or at 12-13, depending on
 * what V8 had seen before it optimised the loop (in a process that had composed the app,
 * usually 12-13: most of the time the answer guard spent reading a long reply; issue 14). A
 * typed array is read the same way whatever the string is.
 *
 * Each reader has its own array, valid until that reader's next call: a caller reads one
 * text at a time, and two callers never overwrite each other's.
 */
export function codeUnitReader(): (text: string) => Uint16Array {
  let bytes = Buffer.alloc(4096);
  let view = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 1);
  return (text: string): Uint16Array => {
    if (text.length > KEPT_UNITS) return fill(Buffer.alloc(2 * text.length), text);
    if (text.length > view.length) {
      bytes = Buffer.alloc(2 * Math.min(KEPT_UNITS, Math.max(text.length, 2 * view.length)));
      view = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 1);
    }
    return fill(bytes, text, view);
  };
}

/**
 * The longest text whose array a reader keeps for the next call (64 KB): messages and replies
 * are far shorter; a longer text (an article, say) gets an array of its own that is not kept,
 * so one long text does not pin its size in every reader for the life of the process.
 */
const KEPT_UNITS = 32_768;

function fill(bytes: Buffer, text: string, view = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 1)): Uint16Array {
  // UTF-16LE is the string's own code units (lone surrogates too), two bytes each.
  if (LITTLE_ENDIAN) bytes.write(text, 0, 'utf16le');
  else for (let i = 0; i < text.length; i++) view[i] = text.charCodeAt(i);
  return view;
}

const LITTLE_ENDIAN = new Uint16Array(new Uint8Array([1, 0]).buffer)[0] === 1;
