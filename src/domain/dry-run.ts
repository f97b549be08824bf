import { DomainError } from './errors.js'

/**
 * A request with DryRun=true answers, once every check passed, with the DryRunOperation error that
 * is the documented success of a dry run (spec §1.7); it lists or changes nothing.
 */
export function answerDryRun(dryRun: boolean | undefined): void {
  if (dryRun === true) {
    throw new DomainError('DryRunOperation', 'Request validation has been passed with DryRun flag set.')
  }
}
