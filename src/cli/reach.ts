import { signAcs3 } from '../api/aliyun/signature.js'

/** What `openeni reach` prints and how it exits: 0 allowed, 1 denied, 2 the question could not be answered. */
export const REACH_EXIT = { allowed: 0, denied: 1, error: 2 } as const

export interface ReachOptions {
  endpoint: string
  accessKeyId?: string | undefined
  accessKeySecret?: string | undefined
  output: 'text' | 'json'
}

interface Decision {
  verdict: string
  decidedBy: { kind: 'inner-access' } | { kind: 'rule'; groupId: string; ruleId: string; priority: number } | { kind: 'default' }
}

interface ReachBody {
  allowed: boolean
  from: { networkInterfaceId: string; address: string }
  to: { networkInterfaceId: string; address: string }
  protocol: string
  port?: number
  egress: Decision
  ingress: Decision
}

/** `tcp/443`, `udp/53` or `icmp`: the protocol and the port, as the REST endpoint takes them. */
export function parseTrafficArgument(text: string): { protocol: string; port?: string } {
  const [protocol = '', port, ...rest] = text.split('/')
  if (protocol === '' || rest.length > 0 || port === '') throw new Error(`expected PROTO/PORT or icmp, got ${JSON.stringify(text)}`)
  return port === undefined ? { protocol } : { protocol, port }
}

/**
 * Asks the server's signed `GET /rest/v1/reach` and prints the answer; returns the exit code. The
 * access key comes from the options or from OPENENI_ACCESS_KEY_ID / OPENENI_ACCESS_KEY_SECRET.
 */
export async function runReach(
  from: string,
  to: string,
  trafficText: string,
  options: ReachOptions,
  out: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  const accessKeyId = options.accessKeyId ?? process.env.OPENENI_ACCESS_KEY_ID
  const secret = options.accessKeySecret ?? process.env.OPENENI_ACCESS_KEY_SECRET
  if (!accessKeyId || !secret) {
    out.stderr('openeni reach: an access key is needed: --access-key-id/--access-key-secret or OPENENI_ACCESS_KEY_ID/OPENENI_ACCESS_KEY_SECRET\n')
    return REACH_EXIT.error
  }
  let body: Record<string, unknown>
  let status: number
  try {
    const traffic = parseTrafficArgument(trafficText)
    const signed = signAcs3({
      method: 'GET',
      host: options.endpoint,
      path: '/rest/v1/reach',
      query: { from, to, ...traffic },
      action: 'Reach',
      version: 'rest-v1',
      accessKeyId,
      secret,
    })
    const response = await fetch(`http://${options.endpoint}${signed.url}`, { headers: signed.headers })
    status = response.status
    body = (await response.json()) as Record<string, unknown>
  } catch (err) {
    out.stderr(`openeni reach: ${err instanceof Error ? err.message : String(err)}\n`)
    return REACH_EXIT.error
  }
  if (status !== 200) {
    if (options.output === 'json') out.stdout(`${JSON.stringify(body)}\n`)
    out.stderr(`openeni reach: ${String(body.Code)}: ${String(body.Message)}\n`)
    return REACH_EXIT.error
  }
  const answer = body as unknown as ReachBody
  out.stdout(options.output === 'json' ? `${JSON.stringify(body)}\n` : describeAnswer(answer))
  return answer.allowed ? REACH_EXIT.allowed : REACH_EXIT.denied
}

function describeAnswer(answer: ReachBody): string {
  const traffic = answer.port === undefined ? answer.protocol : `${answer.protocol}/${answer.port}`
  const end = (e: ReachBody['from']) => `${e.networkInterfaceId} (${e.address})`
  return [
    `${answer.allowed ? 'allowed' : 'denied'}: ${end(answer.from)} → ${end(answer.to)} ${traffic}`,
    `  egress of ${answer.from.networkInterfaceId}: ${describeDecision(answer.egress)}`,
    `  ingress of ${answer.to.networkInterfaceId}: ${describeDecision(answer.ingress)}`,
    '',
  ].join('\n')
}

function describeDecision(decision: Decision): string {
  const by = decision.decidedBy
  const reason =
    by.kind === 'rule'
      ? `rule ${by.ruleId} of ${by.groupId} (priority ${by.priority})`
      : by.kind === 'inner-access'
        ? 'inner access (members of one of its groups reach each other)'
        : 'the default, no rule matched'
  return `${decision.verdict} by ${reason}`
}
