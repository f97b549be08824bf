import { DomainError } from '../errors.js'

/**
 * A read with DryRun=true (DescribeVpcs, DescribeVSwitches…) answers, once its parameters passed,
 * with the DryRunOperation error that is the documented success of a dry run (spec §1.7).
 */
export function answerDryRun(dryRun: boolean | undefined): void {
  if (dryRun === true) {
    throw new DomainError('DryRunOperation', 'Request validation has been passed with DryRun flag set.')
  }
}
