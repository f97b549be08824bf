/**
 * The one renderer of the dialect: JSON always for V3, and for V1 unless `Format=XML` (spec §1.5).
 * Success bodies never carry `Code` (pop-core treats any `Code` as an error, spec §2.1).
 */
export type Format = 'json' | 'xml'

export function renderSuccess(action: string, requestId: string, body: Record<string, unknown>, format: Format): string {
  const document = { RequestId: requestId, ...body }
  return format === 'xml' ? xmlDocument(`${action}Response`, document) : JSON.stringify(document)
}

export type ErrorBody = {
  RequestId: string
  HostId: string
  Code: string
  Message: string
  Recommend: string
}

export function renderError(body: ErrorBody, format: Format): string {
  return format === 'xml' ? xmlDocument('Error', body) : JSON.stringify(body)
}

export function contentType(format: Format): string {
  return format === 'xml' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8'
}

// XML heritage of the wire format: a list is the repetition of its element, so
// {"PrivateIpSets":{"PrivateIpSet":[a,b]}} becomes <PrivateIpSets><PrivateIpSet>a</PrivateIpSet><PrivateIpSet>b…
function xmlDocument(root: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${xmlElement(root, value)}`
}

function xmlElement(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlElement(name, item)).join('')
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => xmlElement(k, v))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
