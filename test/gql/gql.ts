/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateFlow($flow: FlowCreate!) {\n    create_flow(flow: $flow) { id created updated name tags labels }\n  }\n": typeof types.CreateFlowDocument,
    "\n  query ReadFlows($flows: FlowFilter, $sort: FlowSort, $limit: Int, $offset: NonNegativeInt) {\n    read_flows(flows: $flows, sort: $sort, limit: $limit, offset: $offset) { id name tags }\n    count_flows(flows: $flows)\n  }\n": typeof types.ReadFlowsDocument,
    "\n  query ReadFlow($id: UUID!, $name: String!) {\n    read_flow(id: $id) { id name }\n    read_flow_by_name(name: $name) { id name }\n  }\n": typeof types.ReadFlowDocument,
    "\n  mutation UpdateFlow($id: UUID!, $tags: [String!]) {\n    update_flow(id: $id, flow: { tags: $tags }) { id tags updated }\n  }\n": typeof types.UpdateFlowDocument,
    "\n  mutation DeleteFlow($id: UUID!) {\n    delete_flow(id: $id)\n  }\n": typeof types.DeleteFlowDocument,
    "\n  query PaginateFlows($limit: Int, $page: PositiveInt) {\n    paginate_flows(limit: $limit, page: $page, sort: NAME_DESC) { results { name } count limit pages page }\n  }\n": typeof types.PaginateFlowsDocument,
};
const documents: Documents = {
    "\n  mutation CreateFlow($flow: FlowCreate!) {\n    create_flow(flow: $flow) { id created updated name tags labels }\n  }\n": types.CreateFlowDocument,
    "\n  query ReadFlows($flows: FlowFilter, $sort: FlowSort, $limit: Int, $offset: NonNegativeInt) {\n    read_flows(flows: $flows, sort: $sort, limit: $limit, offset: $offset) { id name tags }\n    count_flows(flows: $flows)\n  }\n": types.ReadFlowsDocument,
    "\n  query ReadFlow($id: UUID!, $name: String!) {\n    read_flow(id: $id) { id name }\n    read_flow_by_name(name: $name) { id name }\n  }\n": types.ReadFlowDocument,
    "\n  mutation UpdateFlow($id: UUID!, $tags: [String!]) {\n    update_flow(id: $id, flow: { tags: $tags }) { id tags updated }\n  }\n": types.UpdateFlowDocument,
    "\n  mutation DeleteFlow($id: UUID!) {\n    delete_flow(id: $id)\n  }\n": types.DeleteFlowDocument,
    "\n  query PaginateFlows($limit: Int, $page: PositiveInt) {\n    paginate_flows(limit: $limit, page: $page, sort: NAME_DESC) { results { name } count limit pages page }\n  }\n": types.PaginateFlowsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFlow($flow: FlowCreate!) {\n    create_flow(flow: $flow) { id created updated name tags labels }\n  }\n"): (typeof documents)["\n  mutation CreateFlow($flow: FlowCreate!) {\n    create_flow(flow: $flow) { id created updated name tags labels }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadFlows($flows: FlowFilter, $sort: FlowSort, $limit: Int, $offset: NonNegativeInt) {\n    read_flows(flows: $flows, sort: $sort, limit: $limit, offset: $offset) { id name tags }\n    count_flows(flows: $flows)\n  }\n"): (typeof documents)["\n  query ReadFlows($flows: FlowFilter, $sort: FlowSort, $limit: Int, $offset: NonNegativeInt) {\n    read_flows(flows: $flows, sort: $sort, limit: $limit, offset: $offset) { id name tags }\n    count_flows(flows: $flows)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadFlow($id: UUID!, $name: String!) {\n    read_flow(id: $id) { id name }\n    read_flow_by_name(name: $name) { id name }\n  }\n"): (typeof documents)["\n  query ReadFlow($id: UUID!, $name: String!) {\n    read_flow(id: $id) { id name }\n    read_flow_by_name(name: $name) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFlow($id: UUID!, $tags: [String!]) {\n    update_flow(id: $id, flow: { tags: $tags }) { id tags updated }\n  }\n"): (typeof documents)["\n  mutation UpdateFlow($id: UUID!, $tags: [String!]) {\n    update_flow(id: $id, flow: { tags: $tags }) { id tags updated }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteFlow($id: UUID!) {\n    delete_flow(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteFlow($id: UUID!) {\n    delete_flow(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaginateFlows($limit: Int, $page: PositiveInt) {\n    paginate_flows(limit: $limit, page: $page, sort: NAME_DESC) { results { name } count limit pages page }\n  }\n"): (typeof documents)["\n  query PaginateFlows($limit: Int, $page: PositiveInt) {\n    paginate_flows(limit: $limit, page: $page, sort: NAME_DESC) { results { name } count limit pages page }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;