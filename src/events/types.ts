// The event model as the server handles it (reference: events §1). Validation
// and parsing live beside the ingest routes; this file is only the shapes, so
// that every producer and consumer speaks the same type.

/** A flat object of string labels; `prefect.resource.id` is always present. */
export type Resource = Record<string, string>;

/** A related resource also carries `prefect.resource.role`. */
export type RelatedResource = Record<string, string>;

/** An event after ingest: `received` stamped by this server. */
export interface ReceivedEvent {
  occurred: Date;
  event: string;
  resource: Resource;
  related: RelatedResource[];
  payload: Record<string, unknown>;
  id: string;
  follows: string | null;
  received: Date;
}
