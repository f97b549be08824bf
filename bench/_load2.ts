import { readFileSync } from 'node:fs'
import EcsModule, * as $Ecs from '@alicloud/ecs20140526'
import VpcModule, * as $Vpc from '@alicloud/vpc20160428'
import { $OpenApiUtil } from '@alicloud/openapi-core'
const [endpoint, pid] = [process.argv[2]!, process.argv[3]!]
const ticks = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
const KEY = { accessKeyId: 'LTAIbenchmarkbenchmark', accessKeySecret: 'bench-secret-bench-secret-0000' }
const config = () => new $OpenApiUtil.Config({ ...KEY, endpoint, protocol: 'http', regionId: 'cn-hangzhou' })
const ecs = new EcsModule.default(config()); const vpc = new VpcModule.default(config())
const vpcId = (await vpc.createVpc(new $Vpc.CreateVpcRequest({ regionId: 'cn-hangzhou', cidrBlock: '198.18.0.0/16' }))).body!.vpcId!
const vSwitchId = (await vpc.createVSwitch(new $Vpc.CreateVSwitchRequest({ regionId: 'cn-hangzhou', vpcId, zoneId: 'cn-hangzhou-a', cidrBlock: '198.18.0.0/16' }))).body!.vSwitchId!
const sg = (await ecs.createSecurityGroup(new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', vpcId }))).body!.securityGroupId!
for (const c of [16]) {
let n = 0; const t0 = Date.now(); const s0 = ticks(); const c0 = process.cpuUsage()
await Promise.all(Array.from({ length: c }, async () => { while (Date.now() - t0 < 8000) {
  const id = (await ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: 'cn-hangzhou', vSwitchId, securityGroupIds: [sg] }))).body!.networkInterfaceId!
  await ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: 'cn-hangzhou', networkInterfaceId: id })); n++ } }))
const el = (Date.now() - t0); const cu = process.cpuUsage(c0)
console.log('c', c, 'pairs/s', (n / el * 1000).toFixed(0), 'server ms/pair', ((ticks() - s0) / n).toFixed(3), 'client ms/pair', ((cu.user + cu.system) / 1000 / n).toFixed(3))
}
