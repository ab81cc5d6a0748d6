// How a front end uses the generated types; tsc checks it against them, so a schema change that
// breaks this usage fails `make test`.
import type { DepartmentsQuery, DepartmentsQueryVariables } from "./generated/operations";

export const firstPage: DepartmentsQueryVariables = { first: 20 };

export function departmentNames(data: DepartmentsQuery): string[] {
  return data.departments.nodes.map((department) => department.name);
}

export function nextPage(data: DepartmentsQuery): DepartmentsQueryVariables | null {
  const { hasNextPage, endCursor } = data.departments.pageInfo;
  return hasNextPage ? { first: 20, after: endCursor } : null;
}
