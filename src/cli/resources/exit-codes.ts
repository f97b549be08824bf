/**
 * How every resource command (`openeni eni …`, `openeni vpc …`, `openeni configure`, …) exits, so a
 * script can tell a refusal from a typo from a server that is down without reading stderr.
 */
export const EXIT = {
  /** Done (and with --wait, the resource reached the state waited for). */
  ok: 0,
  /** The API refused the request, the resource does not exist, or --wait saw it settle in another state. */
  failed: 1,
  /** Bad or missing arguments, or no credentials: nothing was sent. */
  usage: 2,
  /** The API server could not be reached, or did not answer as one. */
  unreachable: 3,
  /** --wait gave up: the resource had not reached the state before --timeout. */
  timeout: 4,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** The `--help` epilogue of every resource command. */
export const EXIT_CODES_HELP = `Exit codes:
  0  done (with --wait: the resource reached the state waited for)
  1  the API refused the request (stderr: "Error: CODE: Message (RequestId …)"), the resource was not
     found, or --wait saw it settle in another state
  2  usage error: a bad or missing argument, or no credentials
  3  the API server cannot be reached
  4  --wait timed out
With --output json a failure also prints one JSON object on stdout: {"Code", "Message", "RequestId"?}.`

/** A mistake in the command line or its configuration, found before anything was sent. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A Describe that filters by ID found nothing: the CLI's `show` of a resource that does not exist. */
export class NotFound extends Error {
  override readonly name = 'NotFound'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** --wait ran out of time before the resource reached the state waited for. */
export class WaitTimeout extends Error {
  override readonly name = 'WaitTimeout'
}

/** --wait saw the resource settle in a state other than the one waited for. */
export class UnexpectedState extends Error {
  override readonly name = 'UnexpectedState'
}
