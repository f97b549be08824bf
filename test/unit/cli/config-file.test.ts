import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadConfigFile } from '../../../src/cli/config-file.js'
import { defaultConfig, quotaFor, resolveCatalog } from '../../../src/domain/config.js'

describe('loadConfigFile', () => {
  let dir: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openeni-config-'))
  })

  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function fileWith(name: string, text: string): Promise<string> {
    const path = join(dir, name)
    await writeFile(path, text)
    return path
  }

  async function assertLoadFails(path: string, ...fragments: string[]): Promise<void> {
    await assert.rejects(loadConfigFile(path), (err: unknown) => {
      assert.ok(err instanceof Error)
      for (const fragment of fragments) assert.ok(err.message.includes(fragment), `${err.message}\nlacks: ${fragment}`)
      return true
    })
  }

  it('returns the defaults without a path', async () => {
    assert.deepEqual(await loadConfigFile(), defaultConfig())
  })

  it('reads a YAML file', async () => {
    const path = await fileWith(
      'openeni.yaml',
      [
        '# a lab with two zones in Singapore',
        'regions:',
        '  - id: ap-southeast-1',
        '    localName: Lab',
        '    zones:',
        '      - { id: ap-southeast-1-a, localName: Rack A }',
        '      - id: ap-southeast-1-b',
        'quotas:',
        '  default: { vpcs: 3 }',
        '  accounts:',
        '    "1234567890123456": { secondaryEnis: 500 }',
        'instanceTypes:',
        '  types:',
        '    - instanceTypeId: ecs.g7.large',
        '      eniQuantity: 2',
        'security:',
        '  signatureSkewSeconds: 300',
        '',
      ].join('\n'),
    )
    const config = await loadConfigFile(path)
    assert.deepEqual(config.regions, [
      {
        id: 'ap-southeast-1',
        localName: 'Lab',
        zones: [
          { id: 'ap-southeast-1-a', localName: 'Rack A' },
          { id: 'ap-southeast-1-b', localName: 'ap-southeast-1-b' },
        ],
      },
    ])
    assert.equal(quotaFor(config, 'other', 'vpcs'), 3)
    assert.equal(quotaFor(config, '1234567890123456', 'secondaryEnis'), 500)
    assert.equal(resolveCatalog(config).find((type) => type.instanceTypeId === 'ecs.g7.large')?.eniQuantity, 2)
    assert.equal(config.security.signatureSkewSeconds, 300)
  })

  it('reads JSON, which is YAML too', async () => {
    const path = await fileWith('openeni.json', JSON.stringify({ quotas: { default: { tagsPerResource: 10 } } }))
    assert.equal(quotaFor(await loadConfigFile(path), 'any', 'tagsPerResource'), 10)
  })

  it('keeps an unquoted account id exact even beyond double precision', async () => {
    const path = await fileWith(
      'big-account.yaml',
      'quotas:\n  accounts:\n    9007199254740993: { vpcs: 7 }\n',
    )
    const config = await loadConfigFile(path)
    assert.equal(quotaFor(config, '9007199254740993', 'vpcs'), 7)
    assert.equal(quotaFor(config, '9007199254740992', 'vpcs'), 10)
  })

  it('treats an empty file as all defaults', async () => {
    assert.deepEqual(await loadConfigFile(await fileWith('empty.yaml', '# nothing here yet\n')), defaultConfig())
  })

  it('names the file it cannot read', async () => {
    const path = join(dir, 'missing.yaml')
    await assertLoadFails(path, `cannot read config file ${path}`, 'ENOENT')
  })

  it('names the file and the line of a YAML syntax error', async () => {
    const path = await fileWith('broken.yaml', 'quotas:\n  default: { vpcs: 3\n')
    await assertLoadFails(path, `config file ${path} is not valid YAML`, 'line')
  })

  it('refuses duplicate keys rather than keeping the last', async () => {
    const path = await fileWith('twice.yaml', 'security:\n  signatureSkewSeconds: 300\nsecurity: {}\n')
    await assertLoadFails(path, `config file ${path} is not valid YAML`, 'Map keys must be unique')
  })

  it('names the file and the path of an invalid setting', async () => {
    const path = await fileWith('invalid.yaml', 'quotas:\n  default:\n    vpc: 3\n')
    await assertLoadFails(path, `config file ${path}: invalid OpenENI config:`, 'quotas.default.vpc: unknown key')
  })

  it('refuses a file whose top level is not a mapping', async () => {
    const path = await fileWith('list.yaml', '- cn-hangzhou\n')
    await assertLoadFails(path, `config file ${path}`, '(top level): Invalid input: expected object')
  })
})
