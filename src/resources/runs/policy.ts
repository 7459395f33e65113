// empirical_policy objects: stored as JSON, answered with every field present.
// Prefect copies the deprecated max_retries / retry_delay_seconds into
// retries / retry_delay when those are not given.
type Policy = Record<string, unknown>;

/** Applies the copies to a policy built here (one object per run, not a copy of it). */
function withDeprecatedCopies(policy: Policy): Policy {
  if (!policy.retries && policy.max_retries) policy.retries = policy.max_retries;
  if (!policy.retry_delay && policy.retry_delay_seconds) policy.retry_delay = policy.retry_delay_seconds;
  return policy;
}

export function flowRunPolicy(stored: unknown): Policy {
  const p = (stored ?? {}) as Policy;
  return withDeprecatedCopies({
    max_retries: p.max_retries ?? 0,
    retry_delay_seconds: p.retry_delay_seconds ?? 0,
    retries: p.retries ?? null,
    retry_delay: p.retry_delay ?? null,
    pause_keys: p.pause_keys ?? [],
    resuming: p.resuming ?? false,
    retry_type: p.retry_type ?? null,
  });
}

export function taskRunPolicy(stored: unknown): Policy {
  const p = (stored ?? {}) as Policy;
  return withDeprecatedCopies({
    max_retries: p.max_retries ?? 0,
    retry_delay_seconds: p.retry_delay_seconds ?? 0,
    retries: p.retries ?? null,
    retry_delay: p.retry_delay ?? null,
    retry_jitter_factor: p.retry_jitter_factor ?? null,
  });
}
