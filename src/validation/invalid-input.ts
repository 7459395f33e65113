// A value failed a type or constraint check. Carries the Pydantic error type,
// message and context Prefect would report, so the REST door can build the
// exact 422 item; GraphQL shows `msg` as the error message.
export class InvalidInput extends Error {
  constructor(
    readonly type: string,
    readonly msg: string,
    readonly ctx?: Record<string, unknown>,
    /** The failing part inside the value (a dict entry): its loc below the value's, and the part itself as `input`. */
    readonly inner?: { loc: (string | number)[]; input: unknown },
  ) {
    super(msg);
  }
}

/** Pydantic lists allowed literals as `'a', 'b' or 'c'`. */
export function expectedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
