import { createHash } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { DataKeys } from '../../platform/data-keys.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { AuctionService } from '../auctions/index.js';
import type { IdentityService, StepUpPolicy } from '../identity/index.js';
import { MfaRepository } from './mfa.repository.js';
import { MfaService } from './mfa.service.js';

const derive = (label: string, secret: string) => createHash('sha256').update(`gavel-mfa|${label}|${secret}`).digest();

/**
 * Builds the mfa module and plugs it in: the second factor at sign-in, and the bid guard
 * for bids above MFA_STEP_UP_ABOVE. `dataKeys` seals TOTP secrets; without the app's keys
 * a key derived from MFA_RECOVERY_KEY is used.
 */
export function createMfa(d: {
  config: Config;
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  identity: IdentityService;
  auctions: AuctionService;
  dataKeys?: DataKeys | undefined;
}): MfaService {
  const { config, clock } = d;
  const stepUpPolicy: StepUpPolicy = {
    windowMs: config.MFA_STEP_UP_MINUTES * 60_000,
    adminRequired: config.MFA_ADMIN_REQUIRED,
    now: () => clock.now(),
  };
  const mfa = new MfaService({
    repo: new MfaRepository(d.sql),
    identity: d.identity,
    keys: d.dataKeys ?? new DataKeys([{ id: 'mfa1', key: derive('seal', config.MFA_RECOVERY_KEY) }]),
    clock,
    ids: d.ids,
    recoveryKey: derive('recovery', config.MFA_RECOVERY_KEY),
    policy: stepUpPolicy,
    stepUpAbove: config.MFA_STEP_UP_ABOVE,
    issuer: config.MFA_ISSUER,
  });
  d.identity.useSecondFactor(mfa);
  d.auctions.addBidGuard(mfa.bidGuard);
  return mfa;
}
