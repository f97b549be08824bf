import { useState, type FormEvent } from 'react'
import { callApi } from './api/client'
import { clearSession, loadSession, saveSession, type Session } from './api/session'
import { ErrorNote, Field, useAction } from './components'
import { ElasticIpPage, ElasticIpsPage } from './pages/elastic-ips'
import { InstancePage, InstancesPage } from './pages/instances'
import { NetworkInterfacePage, NetworkInterfacesPage } from './pages/network-interfaces'
import { SecurityGroupPage, SecurityGroupsPage } from './pages/security-groups'
import { TopologyPage } from './pages/topology'
import { VpcPage, VpcsPage } from './pages/vpcs'
import { Link, navigate, useRoute } from './router'
import { useWorld, WorldProvider } from './world'

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession)
  if (session === undefined) {
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s)
          setSession(s)
        }}
      />
    )
  }
  const signOut = () => {
    clearSession()
    setSession(undefined)
    navigate('/')
  }
  return (
    <WorldProvider session={session} key={`${session.accessKeyId}/${session.regionId}`}>
      <Shell onSignOut={signOut} />
    </WorldProvider>
  )
}

function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [accessKeyId, setAccessKeyId] = useState('')
  const [accessKeySecret, setAccessKeySecret] = useState('')
  const action = useAction()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const credentials = { accessKeyId: accessKeyId.trim(), accessKeySecret }
      // One signed call proves the key pair; its region list gives the region to start in.
      const answer = await callApi<{ Regions: { Region: Array<{ RegionId: string }> } }>(credentials, 'ecs', 'DescribeRegions')
      onSignedIn({ ...credentials, regionId: answer.Regions.Region[0]?.RegionId ?? 'cn-hangzhou' })
    })
  }
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card">
        <h1>OpenENI console</h1>
        <p className="muted">Sign in with an access key pair of your account (from <code>openeni accounts create</code>).</p>
        <Field label="AccessKey ID">
          <input name="accessKeyId" value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} autoComplete="username" required />
        </Field>
        <Field label="AccessKey secret">
          <input
            name="accessKeySecret"
            type="password"
            value={accessKeySecret}
            onChange={(e) => setAccessKeySecret(e.target.value)}
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorNote error={action.error} />
        <p className="muted small">The key pair stays in this browser tab only, and is forgotten when you sign out or close the tab.</p>
      </form>
    </main>
  )
}

const NAVIGATION = [
  { to: '/topology', label: 'Topology' },
  { to: '/vpcs', label: 'VPCs' },
  { to: '/instances', label: 'Instances' },
  { to: '/network-interfaces', label: 'Network interfaces' },
  { to: '/security-groups', label: 'Security groups' },
  { to: '/elastic-ips', label: 'Elastic IPs' },
]

function Shell({ onSignOut }: { onSignOut(): void }) {
  const world = useWorld()
  const path = useRoute()
  return (
    <div className="shell">
      <header className="top">
        <span className="brand">OpenENI</span>
        <span className="muted">
          Region <code>{world.session.regionId}</code> · key <code>{world.session.accessKeyId}</code>
        </span>
        <span className={`stream stream-${world.stream}`} data-stream={world.stream} title="Live updates from the change log">
          {world.stream === 'live' ? '● live' : world.stream === 'connecting' ? '○ connecting' : '○ reconnecting'}
        </span>
        <button onClick={onSignOut}>Sign out</button>
      </header>
      <nav className="side">
        {NAVIGATION.map((item) => (
          <Link key={item.to} to={item.to} className={path.startsWith(item.to) || (path === '/' && item.to === '/topology') ? 'active' : ''}>
            {item.label}
          </Link>
        ))}
      </nav>
      <main className="content">{world.loaded ? <Page path={path} /> : <p className="muted">Loading…</p>}</main>
    </div>
  )
}

function Page({ path }: { path: string }) {
  const [, section, id] = path.split('/')
  switch (section) {
    case 'instances':
      return id === undefined || id === '' ? <InstancesPage /> : <InstancePage instanceId={decodeURIComponent(id)} />
    case 'network-interfaces':
      return id === undefined || id === '' ? <NetworkInterfacesPage /> : <NetworkInterfacePage eniId={decodeURIComponent(id)} />
    case 'vpcs':
      return id === undefined || id === '' ? <VpcsPage /> : <VpcPage vpcId={decodeURIComponent(id)} />
    case 'security-groups':
      return id === undefined || id === '' ? <SecurityGroupsPage /> : <SecurityGroupPage groupId={decodeURIComponent(id)} />
    case 'elastic-ips':
      return id === undefined || id === '' ? <ElasticIpsPage /> : <ElasticIpPage allocationId={decodeURIComponent(id)} />
    case '':
    case undefined:
    case 'topology':
      return <TopologyPage />
    default:
      return <p>Nothing here. <Link to="/topology">Back to the topology</Link></p>
  }
}
