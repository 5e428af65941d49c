/**
 * Real plans with networks from the corpus: the analysis runs, and its "internet → X" answers are
 * the ones read off each plan by hand (comments say what in the plan decides them).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPlanJson } from '../../src/load/plan-json.js';
import { ModelIndex } from '../../src/model/query.js';
import { ask } from '../../src/reach/evaluate.js';
import { computeMatrix } from '../../src/reach/matrix.js';
import { buildNetwork } from '../../src/network/index.js';
import { corpusAvailable, corpusDir, corpusSkipReason } from '../helpers/paths.js';

async function network(rel: string) {
  const net = buildNetwork(new ModelIndex(await loadPlanJson(join(corpusDir, rel))));
  const matrix = computeMatrix(net);
  /** "internet → X" as the analysis answers it: the direct flows from the internet, per endpoint */
  const fromInternet = Object.fromEntries(
    matrix.cells.filter((c) => c.from === 'internet' && c.via === 'direct').map((c) => [c.to, [c.tcp && `${c.tcp}/tcp`, c.udp && `${c.udp}/udp`, c.unknown && `unknown ${c.unknown}`].filter(Boolean).join(' ')]),
  );
  return { net, matrix, fromInternet };
}

describe.skipIf(!corpusAvailable)(`corpus plans with networks${corpusAvailable ? '' : ` (skipped: ${corpusSkipReason})`}`, () => {
  it('terraform-compliance test_issue-171: internet reaches the NLB on 80 at most, unknown through an unreferenced gateway', async () => {
    // NLB (internal=false) in two subnets whose route table sends 0.0.0.0/0 to a gateway_id that is
    // unknown and unreferenced in this 0.12 plan (the plan records no expressions for route blocks
    // written as attributes). The model holds one IGW, but nothing says the route uses it, so 80 —
    // admitted by the SG (80 and 443 from 0.0.0.0/0) and a listener (80/TCP, 53/TCP, 1443/UDP) — is
    // unknown, not reachable; the others are denied whatever the route.
    const { net, fromInternet } = await network('terraform-compliance__cli/tests/functional/test_issue-171/plan.out.json');
    expect(fromInternet).toEqual({ 'aws_lb.nlb-noncompliant': 'unknown 80/tcp' });
    const nlb = net.byKey.get('aws_lb.nlb-noncompliant')!;
    const a80 = ask(net, net.internet, nlb, 80, 'tcp');
    expect(a80.verdict).toBe('unknown');
    expect(JSON.stringify(a80)).toMatch(/gateway_id is unknown until apply.*only gateway in the model is aws_internet_gateway\.test-igw/);
    expect(ask(net, net.internet, nlb, 443, 'tcp').verdict).toBe('denied'); // SG yes, no listener
    expect(ask(net, net.internet, nlb, 53, 'tcp').verdict).toBe('denied'); // listener yes, SG no
    expect(ask(net, net.internet, nlb, 1443, 'udp').verdict).toBe('denied');
  });

  it('snyk terraform-goof (both commits): the internet reaches nothing', async () => {
    // No internet gateway or route table at all; the instance has no public IP and only the
    // managed default SG (self only); RDS is not publicly accessible.
    for (const rel of ['snyk-labs__terraform-goof@1f94be8/tfplan.json', 'snyk-labs__terraform-goof@c57a14c/tfplan.json']) {
      const { net, fromInternet } = await network(rel);
      expect(fromInternet, rel).toEqual({});
      const db = net.endpoints.find((e) => e.kind === 'rds')!;
      const vm = net.endpoints.find((e) => e.kind === 'instance')!;
      expect(ask(net, net.internet, db, 5432, 'tcp').verdict).toBe('denied');
      // km_rds_sg admits 5432 from 0.0.0.0/0, but the instance's default SG has no egress rule
      expect(ask(net, vm, db, 5432, 'tcp').verdict).toBe('denied');
    }
  });

  it('Manasuni: the internet reaches nothing; RDS and Redis share the VPC default SG', async () => {
    // RDS and ElastiCache in private subnets with no security groups given (the VPC default SG
    // applies: all traffic between its members); no instances (EKS nodes are not modelled).
    const { net, fromInternet } = await network('Manasuni__AWS_Infra_Deployment/tfplan.json');
    expect(fromInternet).toEqual({});
    const redis = net.endpoints.find((e) => e.kind === 'elasticache')!;
    expect(redis.sgs[0]).toMatch(/\(default security group\)$/);
  });

  it('cmomodo (errored plan): the internet reaches the ALB on 80 and 443', async () => {
    // ALB internet-facing in the two public subnets (route 0.0.0.0/0 → IGW); its SG admits 443,
    // 80 from 0.0.0.0/0 (3000 only from 192.168.1.0/24); listeners 443 (HTTPS) and 80 (HTTP).
    // RDS admits 5432 from the ECS SG only and is not publicly accessible.
    const { net, fromInternet } = await network('cmomodo__customer_feedback_ECS/infra/tfplan.json');
    expect(fromInternet).toEqual({ 'module.alb.aws_lb.coderco_alb': '80, 443/tcp' });
    const rds = net.endpoints.find((e) => e.kind === 'rds')!;
    expect(ask(net, net.internet, rds, 5432, 'tcp').verdict).toBe('denied');
  });

  it("checkov's runner plan (TerraGoat-style): the internet reaches both web instances on 22 and 80", async () => {
    // web_host and db_app sit in web_subnet (map_public_ip_on_launch = true, route 0.0.0.0/0 →
    // web_igw through aws_route.public_internet_gateway) with SG web-node (22, 80 from 0.0.0.0/0).
    // The RDS is publicly_accessible but its SG admits 3306 only from 172.16.0.0/16. The ENI has
    // no SG given, so the VPC default SG (self only) applies.
    const { net, fromInternet } = await network('bridgecrewio__checkov/tests/terraform/runner/resources/plan/tfplan.json');
    expect(fromInternet).toEqual({ 'aws_instance.db_app': '22, 80/tcp', 'aws_instance.web_host': '22, 80/tcp' });
    const rds = net.byKey.get('aws_db_instance.default')!;
    expect(ask(net, net.internet, rds, 3306, 'tcp').verdict).toBe('denied');
    expect(ask(net, net.byKey.get('aws_instance.web_host')!, rds, 3306, 'tcp').verdict).toBe('allowed');
  });
});
