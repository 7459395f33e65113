/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Data used by the Prefect REST API to create a flow. */
export type FlowCreate = {
  /** A dictionary of key-value labels. Defaults to {}; null is kept. */
  labels?: Record<string, string | number | boolean> | null | undefined;
  /** The name of the flow */
  name: string;
  /** A list of flow tags */
  tags?: Array<string> | null | undefined;
};

/** Filter for flows. Only flows matching all criteria will be returned. */
export type FlowFilter = {
  /** Filter by flows without deployments. */
  deployment?: FlowFilterDeployment | null | undefined;
  /** Filter by `Flow.id`. */
  id?: FlowFilterId | null | undefined;
  /** Filter by `Flow.name`. */
  name?: FlowFilterName | null | undefined;
  /** Operator for combining filter criteria. Defaults to `and_`. */
  operator?: Operator | null | undefined;
  /** Filter by `Flow.tags`. */
  tags?: FlowFilterTags | null | undefined;
};

/** Filter by flows without deployments. */
export type FlowFilterDeployment = {
  /** If true, only include flows without deployments */
  is_null_?: boolean | null | undefined;
  /** Operator for combining filter criteria. Defaults to `and_`. */
  operator?: Operator | null | undefined;
};

/** Filter by `Flow.id`. */
export type FlowFilterId = {
  /** Only include flows whose `id` is one of these. */
  any_?: Array<string> | null | undefined;
  /** Exclude flows whose `id` is one of these (an empty list excludes nothing). */
  not_any_?: Array<string> | null | undefined;
};

/** Filter by `Flow.name`. */
export type FlowFilterName = {
  /** Only include flows whose `name` is one of these. */
  any_?: Array<string> | null | undefined;
  /** Only include flows whose `name` contains this text, ignoring case (`%` and `_` are wildcards). For example, passing 'marvin' will match 'marvin', 'sad-Marvin', and 'marvin-robot'. */
  like_?: string | null | undefined;
};

/** Filter by `Flow.tags`. */
export type FlowFilterTags = {
  /** A list of tags. Only include flows that have every one of them (an empty list is ignored). */
  all_?: Array<string> | null | undefined;
  /** If true, only include flows without tags; if false, only those with at least one. */
  is_null_?: boolean | null | undefined;
  /** Operator for combining filter criteria. Defaults to `and_`. */
  operator?: Operator | null | undefined;
};

/** Defines Flow sorting options. */
export type FlowSort =
  /** Newest first */
  | 'CREATED_DESC'
  /** By name, A to Z */
  | 'NAME_ASC'
  /** By name, Z to A */
  | 'NAME_DESC'
  /** Most recently updated first */
  | 'UPDATED_DESC';

/** Operators for combining filter criteria. */
export type Operator =
  /** Every criterion must match. */
  | 'and_'
  /** At least one criterion must match. */
  | 'or_';

export type CreateFlowMutationVariables = Exact<{
  flow: FlowCreate;
}>;


export type CreateFlowMutation = { create_flow: { id: string, created: string, updated: string, name: string, tags: Array<string>, labels: Record<string, string | number | boolean> | null } };

export type ReadFlowsQueryVariables = Exact<{
  flows?: FlowFilter | null | undefined;
  sort?: FlowSort | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type ReadFlowsQuery = { count_flows: number, read_flows: Array<{ id: string, name: string, tags: Array<string> }> };

export type ReadFlowQueryVariables = Exact<{
  id: string;
  name: string;
}>;


export type ReadFlowQuery = { read_flow: { id: string, name: string }, read_flow_by_name: { id: string, name: string } };

export type UpdateFlowMutationVariables = Exact<{
  id: string;
  tags?: Array<string> | string | null | undefined;
}>;


export type UpdateFlowMutation = { update_flow: { id: string, tags: Array<string>, updated: string } };

export type DeleteFlowMutationVariables = Exact<{
  id: string;
}>;


export type DeleteFlowMutation = { delete_flow: boolean };

export type PaginateFlowsQueryVariables = Exact<{
  limit?: number | null | undefined;
  page?: number | null | undefined;
}>;


export type PaginateFlowsQuery = { paginate_flows: { count: number, limit: number, pages: number, page: number, results: Array<{ name: string }> } };


export const CreateFlowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateFlow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"flow"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FlowCreate"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"create_flow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"flow"},"value":{"kind":"Variable","name":{"kind":"Name","value":"flow"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]} as unknown as DocumentNode<CreateFlowMutation, CreateFlowMutationVariables>;
export const ReadFlowsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadFlows"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"flows"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FlowFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FlowSort"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NonNegativeInt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"read_flows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"flows"},"value":{"kind":"Variable","name":{"kind":"Name","value":"flows"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count_flows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"flows"},"value":{"kind":"Variable","name":{"kind":"Name","value":"flows"}}}]}]}}]} as unknown as DocumentNode<ReadFlowsQuery, ReadFlowsQueryVariables>;
export const ReadFlowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadFlow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"read_flow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"read_flow_by_name"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ReadFlowQuery, ReadFlowQueryVariables>;
export const UpdateFlowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateFlow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tags"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"update_flow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"flow"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tags"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tags"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]}}]} as unknown as DocumentNode<UpdateFlowMutation, UpdateFlowMutationVariables>;
export const DeleteFlowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteFlow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delete_flow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteFlowMutation, DeleteFlowMutationVariables>;
export const PaginateFlowsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PaginateFlows"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PositiveInt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paginate_flows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"EnumValue","value":"NAME_DESC"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"page"}}]}}]}}]} as unknown as DocumentNode<PaginateFlowsQuery, PaginateFlowsQueryVariables>;