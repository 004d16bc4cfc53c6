/** Go reports template positions as 1-based lines and 0-based byte columns of the UTF-8 text. */

/** 1 + the newlines before UTF-16 offset `pos`. */
export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The UTF-8 byte length of text[from, to). */
function byteLength(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Go's Tree.ErrorContext location: `name:line:byteColumn`. */
export function location(parseName: string, text: string, pos: number): string {
  const nl = text.lastIndexOf('\n', pos - 1);
  const col = nl < 0 || pos === 0 ? byteLength(text, 0, pos) : byteLength(text, nl + 1, pos);
  return `${parseName}:${lineOf(text, pos)}:${col}`;
}
