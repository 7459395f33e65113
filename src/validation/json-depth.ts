// How deeply a JSON text nests, found by scanning the text once without
// recursion. V8's JSON.parse survives any depth, but what follows it does not:
// JSON.stringify (the 422 echo of the body, Prisma's JSON columns) and the
// recursive coercion overflow the stack near 10,000 levels. So the REST door
// refuses deep bodies before parsing them.

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * The offset of the bracket that opens level `maxDepth + 1`, or -1 when the
 * text nests at most `maxDepth` deep. Brackets inside strings do not count;
 * malformed text is left to JSON.parse.
 */
export function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return i;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return -1;
}
