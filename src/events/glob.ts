// fnmatch globs (events §1.3, Python's fnmatch.fnmatchcase), for everything
// matched in memory: the trigger engine and the live /events/out filters.
// `*` any run, `?` one character, `[seq]` / `[!seq]` classes, everything else
// literal (`-` too: a `u` regular expression refuses an escaped `-` outside a
// class); case-sensitive; the whole value.

const cache = new Map<string, RegExp>();

/** Escapes a literal character for a `u` regular expression outside a class. */
const literal = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function fnmatchRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let out = '';
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '[') {
      let j = i + 1;
      if (chars[j] === '!') j++;
      if (chars[j] === ']') j++;
      while (j < chars.length && chars[j] !== ']') j++;
      if (j >= chars.length) out += '\\[';
      else {
        let body = chars.slice(i + 1, j);
        const negated = body[0] === '!';
        if (negated) body = body.slice(1);
        // Inside a class only `\`, `]`, `[` and `^` need care; `-` keeps its range meaning.
        const text = body.map((c) => (c === '\\' || c === ']' || c === '[' || c === '^' ? `\\${c}` : c)).join('');
        out += `[${negated ? '^' : ''}${text}]`;
        i = j;
      }
    } else out += literal(ch);
  }
  try {
    re = new RegExp(`^(?:${out})$`, 'u');
  } catch {
    // A class Python accepts but JavaScript refuses (a reversed range): match it literally.
    re = new RegExp(`^${chars.map(literal).join('')}$`, 'u');
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(glob, re);
  return re;
}
