/**
 * The response keys (alias, else field name) of the fields a response asks of the object a
 * resolver returns, through fragments and @skip / @include, read from the query document alone
 * (graphql-js's own helpers check types by class, and the schema's classes come from the other
 * of graphql's two builds, CommonJS, so they cannot be used on it). The Cohort resolvers record
 * them so that Cohort.suppressions knows which sibling fields to wait for
 * (src/records/cohort-results.ts).
 */
import { valueFromASTUntyped, type DirectiveNode, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';

function condition(directive: DirectiveNode | undefined, variables: GraphQLResolveInfo['variableValues']): boolean | null {
  const value = directive?.arguments?.find((argument) => argument.name.value === 'if')?.value;
  if (value === undefined) return null;
  if (value.kind === 'BooleanValue') return value.value;
  if (value.kind === 'Variable') return variables[value.name.value] === true;
  return null;
}

function included(selection: SelectionNode, variables: GraphQLResolveInfo['variableValues']): boolean {
  const named = (name: string) => selection.directives?.find((directive) => directive.name.value === name);
  if (condition(named('skip'), variables) === true) return false;
  return condition(named('include'), variables) !== false;
}

/** The fields asked, as { field name, response key }, in document order. */
export function requestedFields(info: GraphQLResolveInfo): { field: string; responseKey: string }[] {
  const found: { field: string; responseKey: string }[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === 'Field') found.push({ field: selection.name.value, responseKey: selection.alias?.value ?? selection.name.value });
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return found;
}

/**
 * The arguments of every occurrence of the nested field at `path` (field names from the resolver's
 * field, e.g. ["groups", "estimate", "restrictedMean"]) in the response's selection, with variables
 * substituted: what an analysis must compute for sub-fields that take arguments
 * (restrictedMean(tau), proportionalHazards(transform)) before its result is released.
 */
export function nestedFieldArguments(info: GraphQLResolveInfo, path: readonly string[]): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (set: SelectionSetNode | undefined, depth: number) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === 'InlineFragment') visit(selection.selectionSet, depth);
      else if (selection.kind === 'FragmentSpread') visit(info.fragments[selection.name.value]?.selectionSet, depth);
      else if (selection.name.value === path[depth]) {
        if (depth === path.length - 1) {
          found.push(Object.fromEntries((selection.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value, info.variableValues)])));
        } else visit(selection.selectionSet, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return found;
}
