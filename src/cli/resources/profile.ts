import { Command } from 'commander'
import { DEFAULT_ENDPOINT, DEFAULT_PROFILE, defaultRegionId, maskSecret, profilesPath, readProfiles, saveProfile, writeProfiles, type Profile } from '../profiles.js'
import { UsageError } from './exit-codes.js'
import { localVerb, noun } from './command.js'
import { column, itemOutcome, listOutcome, type Outcome } from './output.js'

interface ConfigureOptions {
  profile?: string
  endpoint?: string
  accessKeyId?: string
  accessKeySecret?: string
  region?: string
}

const PROFILE_COLUMNS = [column('Name'), column('Current'), column('Endpoint'), column('AccessKeyId'), column('AccessKeySecret'), column('RegionId')]

/** A profile as `profile list` and `profile show` print it: the secret masked, always. */
function shown(name: string, profile: Profile, current: string | undefined) {
  return {
    Name: name,
    Current: name === current,
    Endpoint: profile.endpoint,
    AccessKeyId: profile.accessKeyId,
    AccessKeySecret: maskSecret(profile.accessKeySecret),
    RegionId: profile.regionId ?? defaultRegionId(),
  }
}

/**
 * `openeni configure`: writes one profile, from the options over what the profile already holds,
 * so changing only the endpoint keeps the key. It becomes current unless --profile names another.
 */
async function configure(o: ConfigureOptions): Promise<Outcome> {
  const path = profilesPath()
  const file = await readProfiles(path)
  const name = o.profile ?? file.current ?? DEFAULT_PROFILE
  const before = file.profiles[name]
  const accessKeyId = o.accessKeyId ?? before?.accessKeyId
  const accessKeySecret = o.accessKeySecret ?? before?.accessKeySecret
  if (!accessKeyId || !accessKeySecret) throw new UsageError(`a new profile needs --access-key-id and --access-key-secret`)
  const profile: Profile = {
    endpoint: o.endpoint ?? before?.endpoint ?? DEFAULT_ENDPOINT,
    accessKeyId,
    accessKeySecret,
    regionId: o.region ?? before?.regionId ?? defaultRegionId(),
  }
  await saveProfile(path, name, profile, o.profile === undefined)
  const current = (await readProfiles(path)).current
  const item = shown(name, profile, current)
  return { ...itemOutcome(item, PROFILE_COLUMNS), text: [name], human: `Saved profile "${name}" in ${path}${item.Current ? ' (current)' : ''}.\n` }
}

export function registerProfileCommands(program: Command): void {
  localVerb<ConfigureOptions>(program, 'configure', 'save the endpoint and access key the other commands use, as a profile', (_args, o) => configure(o))
    .option('--profile <name>', 'the profile to write (default: the current one, else "default"); another than the current stays not current')
    .option('--endpoint <host:port>', `the API server (default ${DEFAULT_ENDPOINT})`)
    .option('--access-key-id <id>', 'AccessKeyId')
    .option('--access-key-secret <secret>', 'AccessKeySecret')
    .option('--region <id>', `the region commands act in (default ${defaultRegionId()})`)

  const profile = noun(program, 'profile', `the CLI's profiles (in $OPENENI_CONFIG, else ~/.config/openeni/config.yaml)`)
  localVerb(profile, 'list', 'list the profiles, the current one marked', async () => {
    const file = await readProfiles(profilesPath())
    const items = Object.entries(file.profiles).map(([name, p]) => shown(name, p, file.current))
    return listOutcome(items, 'Name', PROFILE_COLUMNS)
  })
  localVerb(profile, 'use', 'make a profile the current one', async ([name = '']) => {
    const path = profilesPath()
    const file = await readProfiles(path)
    if (file.profiles[name] === undefined) throw new UsageError(`no profile named "${name}" in ${path}`)
    await writeProfiles(path, { ...file, current: name })
    return { json: { Current: name }, text: [name], human: `Now using profile "${name}".\n` }
  }).argument('<name>')
  localVerb(profile, 'show', 'show a profile (default: $OPENENI_PROFILE, else the current one), its secret masked', async ([named]) => {
    const path = profilesPath()
    const file = await readProfiles(path)
    const name = named ?? (process.env.OPENENI_PROFILE || undefined) ?? file.current ?? DEFAULT_PROFILE
    const found = file.profiles[name]
    if (found === undefined) throw new UsageError(`no profile named "${name}" in ${path}; openeni configure makes one`)
    return itemOutcome({ ...shown(name, found, file.current), File: path }, [...PROFILE_COLUMNS, column('File')])
  }).argument('[name]')
}
