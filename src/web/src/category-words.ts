import type { EffectiveRules, Verification } from '../../shared/api/catalog';
import type { AuctionType } from '../../shared/api/auctions';
import { durationWords, money, typeLabel } from './format';
import { t } from './i18n';

type Details = Record<string, unknown> | undefined;

const minimum = (d: Details) => (typeof d?.min === 'number' && typeof d.currency === 'string' ? money(d.min, d.currency) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** A CATEGORY_RULE_VIOLATED refusal in words, from the rule and its details. */
export function violationText(d: Details): string {
  switch (d?.rule) {
    case 'allowedTypes':
      return t('categories:violation.allowedTypes', { types: list(d.allowed).map((x) => typeLabel(x as AuctionType)).join(', ') });
    case 'minStartingPrice':
      return t('categories:violation.minStartingPrice', { amount: minimum(d) });
    case 'maxDuration':
      return t('categories:violation.maxDuration', { duration: durationWords(Number(d.max)) });
    case 'reserveAllowed':
      return t('categories:violation.reserveAllowed');
    case 'minReserve':
      return t('categories:violation.minReserve', { amount: minimum(d) });
    case 'maxImages':
      return t('categories:violation.maxImages', { count: Number(d.max) });
    case 'requiredSpecifications':
      return t('categories:violation.requiredSpecifications', { names: list(d.missing).join(', ') });
    default:
      return t('categories:violation.other');
  }
}

/** The rules in force, one line each, for a seller in `currency`. */
export function ruleLines(r: EffectiveRules, verification: Verification, currency: string): string[] {
  const out: string[] = [];
  if (r.allowedTypes) out.push(t('categories:rules.allowedTypes', { types: r.allowedTypes.map(typeLabel).join(', ') }));
  const minStart = r.minStartingPrice?.[currency];
  if (minStart !== undefined) out.push(t('categories:rules.minStartingPrice', { amount: money(minStart, currency) }));
  if (r.maxDurationSeconds !== null) out.push(t('categories:rules.maxDuration', { duration: durationWords(r.maxDurationSeconds) }));
  if (r.reserveAllowed === false) out.push(t('categories:rules.noReserve'));
  const minReserve = r.minReserve?.[currency];
  if (r.reserveAllowed !== false && minReserve !== undefined) out.push(t('categories:rules.minReserve', { amount: money(minReserve, currency) }));
  if (r.maxImages !== null) out.push(t('categories:rules.maxImages', { count: r.maxImages }));
  if (r.requiredSpecifications?.length) out.push(t('categories:rules.requiredSpecifications', { names: r.requiredSpecifications.join(', ') }));
  if (verification !== 'none') out.push(t('categories:rules.verification', { level: t(`categories:verification.${verification}`) }));
  return out;
}
