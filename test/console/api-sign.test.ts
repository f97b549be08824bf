import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { signAcs3 } from '../../src/api/aliyun/signature.js'
import { signRequest } from '../../console/src/api/sign.js'

const fixed = {
  accessKeyId: 'LTAI-test',
  secret: 'a secret with spaces & symbols',
  date: new Date('2026-03-01T12:34:56Z'),
  nonce: '0123456789abcdef'.repeat(4),
}

describe('browser signer', () => {
  it('signs an RPC call byte for byte like the server-side signer', async () => {
    const input = {
      ...fixed,
      method: 'POST',
      host: '127.0.0.1:8080',
      path: '/',
      action: 'DescribeNetworkInterfaces',
      version: '2014-05-26',
      // Keys sort as UTF-16 (Tag.10 before Tag.2); values need RFC 3986 escapes.
      query: { RegionId: 'cn-hangzhou', 'Tag.2.Key': "it's (x)*!", 'Tag.10.Key': 'ü + /', NetworkInterfaceName: '' },
    }
    const browser = await signRequest(input)
    const node = signAcs3(input)
    assert.equal(browser.url, node.url)
    assert.deepEqual(browser.headers, node.headers)
  })

  it('signs a REST read with its path and query like the server-side signer', async () => {
    const input = { ...fixed, method: 'GET', host: 'console.example:443', path: '/rest/v1/changes/stream', action: 'StreamChanges', version: 'rest-v1', query: { after: '42' } }
    assert.deepEqual(await signRequest(input), signAcs3(input))
  })

  it('uses a fresh 64-hex-digit nonce on every call', async () => {
    const input = { ...fixed, nonce: undefined, method: 'POST', host: 'h', path: '/', action: 'A', version: 'v', query: {} }
    const [a, b] = await Promise.all([signRequest(input), signRequest(input)])
    assert.match(a.headers['x-acs-signature-nonce'] ?? '', /^[0-9a-f]{64}$/)
    assert.notEqual(a.headers['x-acs-signature-nonce'], b.headers['x-acs-signature-nonce'])
  })
})
