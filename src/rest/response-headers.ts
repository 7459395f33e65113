// Headers an operation adds to its REST answer, such as a download's
// Content-Type and Content-Disposition. The REST door sends them with a
// successful answer; GraphQL has no per-field headers, so its door ignores them.
const byRequest = new WeakMap<object, Record<string, string>>();

/** Adds headers (lower-case names) to the answer of the request whose context is `ctx`. */
export function setResponseHeaders(ctx: object, headers: Record<string, string>): void {
  byRequest.set(ctx, { ...byRequest.get(ctx), ...headers });
}

/** The headers operations added for this request, if any. */
export function responseHeadersOf(ctx: object): Record<string, string> | undefined {
  return byRequest.get(ctx);
}
