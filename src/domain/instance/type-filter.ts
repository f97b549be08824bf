import type { InstanceType } from '../instance-type/catalog.js'

/**
 * The instance types DescribeInstances' `InstanceType` and `InstanceTypeFamily` filters let through
 * (spec §5.12), both applying when both are given; undefined when neither is. A family is known
 * by the catalogue, so an empty list means no instance can match.
 */
export function typesToMatch(
  catalog: readonly InstanceType[],
  instanceType: string | undefined,
  family: string | undefined,
): string[] | undefined {
  if (family === undefined) return instanceType === undefined ? undefined : [instanceType]
  const inFamily = catalog.filter((t) => t.instanceTypeFamily === family).map((t) => t.instanceTypeId)
  return instanceType === undefined ? inFamily : inFamily.filter((id) => id === instanceType)
}
