import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { contentType, renderError, renderSuccess, type ErrorBody } from '../../../../src/api/aliyun/render.js'

const REQUEST_ID = '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E'
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>'

const eni = {
  NetworkInterfaceId: 'eni-a',
  PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: '10.0.0.7', Primary: true }, { PrivateIpAddress: '10.0.0.8', Primary: false }] },
  SecurityGroupIds: { SecurityGroupId: ['sg-a', 'sg-b'] },
  QueueNumber: 2,
}

describe('renderSuccess as JSON', () => {
  it('puts RequestId first, then the body in its order', () => {
    const text = renderSuccess('CreateNetworkInterface', REQUEST_ID, eni, 'json')
    assert.deepEqual(Object.keys(JSON.parse(text)), ['RequestId', 'NetworkInterfaceId', 'PrivateIpSets', 'SecurityGroupIds', 'QueueNumber'])
    assert.ok(text.startsWith(`{"RequestId":"${REQUEST_ID}",`))
  })

  it('keeps the body as it is, lists as arrays and scalars with their JSON types', () => {
    assert.deepEqual(JSON.parse(renderSuccess('CreateNetworkInterface', REQUEST_ID, eni, 'json')), { RequestId: REQUEST_ID, ...eni })
  })

  it('renders an empty body as the RequestId alone, with no Code', () => {
    assert.equal(renderSuccess('DeleteVpc', REQUEST_ID, {}, 'json'), `{"RequestId":"${REQUEST_ID}"}`)
  })

  it('adds no Code, Message or HostId to any body of PascalCase fields (property)', () => {
    const field = fc.stringMatching(/^[A-Z][A-Za-z]{0,15}$/).filter((k) => !['Code', 'Message', 'HostId'].includes(k))
    fc.assert(
      fc.property(fc.dictionary(field, fc.jsonValue()), (body) => {
        const parsed = JSON.parse(renderSuccess('Describe', REQUEST_ID, body, 'json')) as Record<string, unknown>
        assert.equal('Code' in parsed, false)
        assert.equal('Message' in parsed, false)
        assert.equal('HostId' in parsed, false)
        assert.equal(Object.keys(parsed)[0], 'RequestId')
      }),
    )
  })

  it('omits undefined fields', () => {
    assert.equal(renderSuccess('X', REQUEST_ID, { A: undefined, B: 1 }, 'json'), `{"RequestId":"${REQUEST_ID}","B":1}`)
  })
})

describe('renderSuccess as XML', () => {
  it('wraps the document in <ActionResponse> with RequestId first', () => {
    assert.equal(
      renderSuccess('CreateVpc', REQUEST_ID, { VpcId: 'vpc-a' }, 'xml'),
      `${PROLOG}<CreateVpcResponse><RequestId>${REQUEST_ID}</RequestId><VpcId>vpc-a</VpcId></CreateVpcResponse>`,
    )
  })

  it('writes a list as the repetition of its element', () => {
    assert.equal(
      renderSuccess('CreateNetworkInterface', REQUEST_ID, eni, 'xml'),
      PROLOG +
        '<CreateNetworkInterfaceResponse>' +
        `<RequestId>${REQUEST_ID}</RequestId>` +
        '<NetworkInterfaceId>eni-a</NetworkInterfaceId>' +
        '<PrivateIpSets>' +
        '<PrivateIpSet><PrivateIpAddress>10.0.0.7</PrivateIpAddress><Primary>true</Primary></PrivateIpSet>' +
        '<PrivateIpSet><PrivateIpAddress>10.0.0.8</PrivateIpAddress><Primary>false</Primary></PrivateIpSet>' +
        '</PrivateIpSets>' +
        '<SecurityGroupIds><SecurityGroupId>sg-a</SecurityGroupId><SecurityGroupId>sg-b</SecurityGroupId></SecurityGroupIds>' +
        '<QueueNumber>2</QueueNumber>' +
        '</CreateNetworkInterfaceResponse>',
    )
  })

  it('writes an empty list as an empty wrapper', () => {
    assert.equal(
      renderSuccess('DescribeVpcs', REQUEST_ID, { Vpcs: { Vpc: [] } }, 'xml'),
      `${PROLOG}<DescribeVpcsResponse><RequestId>${REQUEST_ID}</RequestId><Vpcs></Vpcs></DescribeVpcsResponse>`,
    )
  })

  it('leaves out null and undefined fields, but keeps empty strings and zero', () => {
    assert.equal(
      renderSuccess('X', REQUEST_ID, { A: null, B: undefined, C: '', D: 0 }, 'xml'),
      `${PROLOG}<XResponse><RequestId>${REQUEST_ID}</RequestId><C></C><D>0</D></XResponse>`,
    )
  })

  it('escapes markup characters in text', () => {
    assert.equal(
      renderSuccess('X', REQUEST_ID, { Description: `<b>"Tom" & 'Jerry'</b>` }, 'xml'),
      `${PROLOG}<XResponse><RequestId>${REQUEST_ID}</RequestId>` +
        '<Description>&#60;b&#62;&#34;Tom&#34; &#38; &#39;Jerry&#39;&#60;/b&#62;</Description></XResponse>',
    )
  })

  it('keeps non-ASCII text as it is', () => {
    assert.ok(renderSuccess('X', REQUEST_ID, { Name: '专有网络 😀' }, 'xml').includes('<Name>专有网络 😀</Name>'))
  })

  it('never lets a text value open or close an element (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const xml = renderSuccess('X', REQUEST_ID, { V: text }, 'xml')
        const inner = xml.slice(xml.indexOf('<V>') + 3, xml.lastIndexOf('</V>'))
        assert.doesNotMatch(inner, /[<>"']/)
        assert.doesNotMatch(inner, /&(?!#(60|62|38|34|39);)/)
        const decoded = inner.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        assert.equal(decoded, text)
      }),
    )
  })
})

describe('renderError', () => {
  const body: ErrorBody = {
    RequestId: REQUEST_ID,
    HostId: 'openeni.local',
    Code: 'InvalidEniId.NotFound',
    Message: 'ENI eni-abc does not exist.',
    Recommend: 'https://openeni.local/errors/InvalidEniId.NotFound',
  }

  it('renders the error body as JSON, RequestId first and with its Code', () => {
    const text = renderError(body, 'json')
    assert.deepEqual(JSON.parse(text), body)
    assert.deepEqual(Object.keys(JSON.parse(text)), ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'])
  })

  it('renders the error body as XML under <Error>, escaping the message', () => {
    assert.equal(
      renderError({ ...body, Message: 'a < b & "c"' }, 'xml'),
      `${PROLOG}<Error><RequestId>${REQUEST_ID}</RequestId><HostId>openeni.local</HostId>` +
        '<Code>InvalidEniId.NotFound</Code><Message>a &#60; b &#38; &#34;c&#34;</Message>' +
        '<Recommend>https://openeni.local/errors/InvalidEniId.NotFound</Recommend></Error>',
    )
  })
})

describe('contentType', () => {
  it('is JSON in UTF-8 for json', () => {
    assert.equal(contentType('json'), 'application/json;charset=utf-8')
  })

  it('is exactly text/xml;charset=utf-8 for xml, the only form the SDK parses as XML', () => {
    assert.equal(contentType('xml'), 'text/xml;charset=utf-8')
  })
})
