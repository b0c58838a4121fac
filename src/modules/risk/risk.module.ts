import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { signalsOf } from '../../platform/request-signals.js';
import type { AuctionService } from '../auctions/index.js';
import type { PaymentGateway } from '../payments/index.js';
import { RiskState } from './domain/features.js';
import { RiskAnalysis } from './risk.analysis.js';
import { Blacklist } from './risk.blacklist.js';
import { RiskEngine, type StepUp } from './risk.engine.js';
import { installRiskEdge, type RiskEdge } from './risk.http.js';
import { type CardCountry, type IpCountry, PaymentScreening, sandboxCardCountry, sandboxIpCountry } from './risk.screening.js';
import { type SignalRow, SignalWriter } from './risk.signals.js';
import { UserDirectory, type VerificationLevelOf } from './risk.users.js';
import { warmRisk } from './risk.warm.js';

/** The risk module as the app sees it. */
export interface RiskService extends RiskEdge {
  /** RISK_ENGINE=on: the bid guard, the blacklist and payment screening are active. */
  readonly enabled: boolean;
  readonly state: RiskState;
  readonly engine: RiskEngine;
  readonly blacklist: Blacklist;
  readonly writer: SignalWriter;
  readonly analysis: RiskAnalysis;
  readonly screening: PaymentScreening;
  readonly users: UserDirectory;
  /** Screening in front of the payment gateway (as given when the engine is off). */
  wrapGateway(gateway: PaymentGateway): PaymentGateway;
  /** Loads the blacklist and warms the features from recent signals and bids. */
  ready(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Until the verification module is merged: identity-verified only when it says so (here: nobody). */
const noVerification: VerificationLevelOf = async () => 'none';

/** Step-up until MFA is merged: identity verification (403 VERIFICATION_REQUIRED). */
export function verificationStepUp(users: UserDirectory): StepUp {
  return async (a) => {
    const u = await users.get(a.principal.userId);
    if (u && (u.level === 'identity' || u.level === 'business')) return null;
    return { code: 'VERIFICATION_REQUIRED', message: 'Verify your identity to place this bid', details: { level: 'identity' } };
  };
}

type RiskDeps = {
  config: Config;
  sql: Sql;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  auctions: AuctionService;
  stepUp?: StepUp;
  levelOf?: VerificationLevelOf;
  ipCountry?: IpCountry;
  cardCountry?: CardCountry;
};

function parts(deps: RiskDeps) {
  const { config, sql, clock, ids, logger: log, auctions } = deps;
  const state = new RiskState();
  const users = new UserDirectory(sql, () => clock.now(), deps.levelOf ?? noVerification);
  const writer = new SignalWriter({ sql, clock, ids, log, flushMs: config.RISK_SIGNALS_FLUSH_MS });
  const blacklist = new Blacklist({ sql, clock, log, refreshMs: config.RISK_BLACKLIST_REFRESH_MS });
  const windowDays = config.RISK_ANALYSIS_WINDOW_DAYS;
  const analysis = new RiskAnalysis({ sql, clock, ids, log, intervalMs: config.RISK_ANALYSIS_INTERVAL_MS, windowDays, retentionDays: config.SIGNALS_RETENTION_DAYS });
  const screening = new PaymentScreening({
    sql,
    clock,
    log,
    state,
    ipCountry: deps.ipCountry ?? sandboxIpCountry(),
    cardCountry: deps.cardCountry ?? sandboxCardCountry,
    options: { newCardHours: config.RISK_NEW_CARD_HOURS, threeDsAbove: config.RISK_3DS_ABOVE, cardsPerDay: config.RISK_NEW_CARDS_PER_DAY },
  });
  const engine = new RiskEngine({
    sql,
    clock,
    log,
    state,
    writer,
    blacklist,
    users,
    categoryOf: (id) => auctions.queries.categoryOf(id),
    stepUp: deps.stepUp ?? verificationStepUp(users),
    limits: { botPerSecond: config.RISK_BOT_BIDS_PER_SECOND, networkPerMinute: config.RISK_NETWORK_BIDS_PER_MINUTE },
  });
  return { state, users, writer, blacklist, analysis, screening, engine };
}

/** Records login, failed-login and reservation signals (and notes the identifiers in memory at once). */
function requestRecorder(deps: RiskDeps, state: RiskState, writer: SignalWriter, users: UserDirectory): RiskEdge['recordRequest'] {
  const { sql, clock, logger: log } = deps;
  return (kind, userId, req, email) => {
    const s = signalsOf(req);
    if (userId) {
      state.noteIdentity(userId, s.ipPrefix, s.deviceId);
      state.noteIp(userId, s.ip);
    }
    const row: SignalRow = { kind, at: clock.now(), userId, auctionId: null, ...s, cardFingerprint: null, amount: null, currency: null, decision: null, score: null };
    if (kind === 'payment_method' && userId) {
      // A new card: its fingerprint joins the signals (card links) and the cached facts are reloaded.
      users.forget(userId);
      void users
        .newestCard(userId)
        .then((fp) => {
          if (fp) state.noteCards(userId, [fp]);
          writer.push({ ...row, cardFingerprint: fp });
        })
        .catch((err: unknown) => log.error({ err }, 'recording a new card failed'));
      return;
    }
    if (userId || !email) return writer.push(row);
    // A failed login names an email, not an account: looked up off the request path.
    void sql<{ id: string }[]>`select id from users where lower(email) = lower(${email})`
      .then(([u]) => writer.push({ ...row, userId: u?.id ?? null }))
      .catch((err: unknown) => log.error({ err }, 'recording a failed login failed'));
  };
}

/**
 * Builds the risk module and, when enabled, registers its bid guard and its listener
 * on committed auction events (the features follow the bids that committed).
 */
export function createRisk(deps: RiskDeps): RiskService {
  const enabled = deps.config.RISK_ENGINE === 'on';
  const p = parts(deps);
  const { state, users, writer, blacklist, analysis, engine } = p;
  if (enabled) {
    deps.auctions.addBidGuard((a) => engine.guard(a));
    deps.auctions.onCommitted((id, events, st) => engine.committed(id, events, st));
  }
  return {
    enabled,
    ...p,
    recordRequest: requestRecorder(deps, state, writer, users),
    refusesRequest: (ids) => enabled && blacklist.refuses(ids),
    wrapGateway: (g) => (enabled ? p.screening.wrap(g) : g),
    ready: async () => {
      await blacklist.refresh();
      if (enabled) await warmRisk(deps.sql, deps.clock, state, users, deps.logger);
    },
    start: () => {
      writer.start();
      if (enabled) blacklist.start();
      analysis.start();
    },
    stop: async () => {
      blacklist.stop();
      await analysis.stop();
      await writer.stop();
    },
  };
}

/** The HTTP edge (device cookie, blacklist on sign-up and login, request signals) and the lifecycle. */
export function installRisk(app: FastifyInstance, risk: RiskService, opts: { cookieSecure: boolean; background: boolean }): void {
  installRiskEdge(app, risk, { cookieSecure: opts.cookieSecure, screenRequests: risk.enabled });
  app.addHook('onReady', async () => {
    await risk.ready();
    if (opts.background) risk.start();
  });
  app.addHook('onClose', async () => risk.stop());
}
