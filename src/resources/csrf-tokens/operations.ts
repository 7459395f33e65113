// The CSRF token root field (api/csrf_token.py), served over REST as GET /csrf-token.
import { builder } from '../../graphql/builder.ts';
import { createCsrfToken } from './service.ts';

export const CsrfToken = builder.prismaObject('CsrfToken', {
  description: 'A token a client sends back in the Prefect-Csrf-Token header of its writes.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the CSRF token.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the CSRF token was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the CSRF token was last updated.', type: 'DateTime' }),
    token: t.exposeString('token', { description: 'The CSRF token: 64 lower-case hex digits.' }),
    client: t.exposeString('client', { description: 'The client id associated with the CSRF token.' }),
    expiration: t.expose('expiration', { type: 'DateTime', description: 'The expiration time of the CSRF token.' }),
  }),
});

builder.mutationFields((t) => ({
  create_csrf_token: t.prismaField({
    type: CsrfToken,
    description:
      'Create or update the CSRF token of a client (new token, new expiration; expired tokens of every client are deleted). ' +
      'A BAD_USER_INPUT error "CSRF protection is disabled." when PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED is off.',
    args: { client: t.arg.string({ required: true, description: 'The client to create a CSRF token for.' }) },
    resolve: (query, _root, args, ctx) => createCsrfToken(ctx, args.client, query),
  }),
}));
