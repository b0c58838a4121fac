import { useState } from 'react';
import type { AuctionType } from '../../../../shared/api/auctions';
import { zoneName } from '../../../../shared/format';
import { instantToWallClock, wallClockToInstant } from '../../../../shared/zoned-time';
import { dateTime, durationWords, reader } from '../../format';
import { useT } from '../../i18n';
import { described, type FieldErrors, FieldError, Hint } from './fields';
import { softCloseHint } from './read-listing';

const DURATIONS = [10 * 60, 3600, 86_400, 3 * 86_400, 7 * 86_400];

function SoftCloseFields({ errors }: { errors: FieldErrors }) {
  const { t } = useT('sell');
  const [window, setWindow] = useState('2');
  const [extension, setExtension] = useState('2');
  const input = (field: 'windowMinutes' | 'extensionMinutes', label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={field}>{label}</label>
      <input id={field} name={field} type="number" min={1} value={value} onChange={(e) => set(e.target.value)} {...described(field, errors, 'softclose-hint')} />
      <FieldError field={field} errors={errors} />
    </div>
  );
  return (
    <>
      <div className="row">
        {input('windowMinutes', t('timing.window'), window, setWindow)}
        {input('extensionMinutes', t('timing.extension'), extension, setExtension)}
      </div>
      <Hint id="softclose-hint">{softCloseHint(window, extension)}</Hint>
    </>
  );
}

/** The start (a wall-clock time in the seller's zone, the zone named beside it) and what it comes to. */
function StartField({ errors, wall, timeZone }: { errors: FieldErrors; wall: string; timeZone: string }) {
  const { t } = useT('sell');
  const start = wallClockToInstant(wall, timeZone);
  const zone = `${timeZone} (${zoneName(start?.instant ?? Date.now(), { ...reader(), timeZone })})`;
  return (
    <div className="field">
      <label htmlFor="startsAt">{t('timing.startsAt')}</label>
      <div className="row zoned-time">
        <input id="startsAt" name="startsAt" type="datetime-local" defaultValue={wall} {...described('startsAt', errors, 'startsAt-zone', 'startsAt-fit')} />
        <span className="hint" id="startsAt-zone" data-testid="start-zone">
          {t('schedule.zone', { zone })}
        </span>
      </div>
      {start && start.fit !== 'exact' ? (
        <p className="hint" id="startsAt-fit" data-testid="start-fit">
          {start.fit === 'gap'
            ? t('schedule.gap', { typed: wall.replace('T', ' '), actual: instantToWallClock(start.instant, timeZone).replace('T', ' ') })
            : t('schedule.overlap', { typed: wall.replace('T', ' '), zone: zoneName(start.instant, { ...reader(), timeZone }) })}
        </p>
      ) : null}
      <FieldError field="startsAt" errors={errors} />
    </div>
  );
}

/** What the timing fieldset needs from the form: the choices, the seller's zone and the times typed so far. */
export interface TimingProps {
  type: AuctionType;
  errors: FieldErrors;
  schedule: boolean;
  softClose: boolean;
  setSchedule: (v: boolean) => void;
  setSoftClose: (v: boolean) => void;
  timeZone: string;
  /** The start as typed (wall clock) and the chosen duration in seconds. */
  startsAt: string;
  durationSeconds: number;
}

/** "Ends on …" in the seller's zone, for the start and duration chosen so far. */
function EndPreview({ schedule, startsAt, timeZone, durationSeconds }: TimingProps) {
  const { t } = useT('sell');
  const start = schedule ? wallClockToInstant(startsAt, timeZone)?.instant : Date.now();
  if (start === undefined) return null;
  return (
    <p className="hint" data-testid="ends-preview" aria-live="polite">
      {t('schedule.ends', { when: dateTime(new Date(start + durationSeconds * 1000).toISOString()) })}
    </p>
  );
}

export function TimingFieldset(props: TimingProps) {
  const { t } = useT('sell');
  const { type, errors } = props;
  return (
    <fieldset>
      <legend>{t('timing.legend')}</legend>
      <label className="check">
        <input type="checkbox" checked={props.schedule} onChange={(e) => props.setSchedule(e.target.checked)} /> {t('timing.startLater')}
      </label>
      {props.schedule ? <StartField errors={errors} wall={props.startsAt} timeZone={props.timeZone} /> : null}
      <div className="field">
        <label htmlFor="duration">{t('timing.runsFor')}</label>
        <select id="duration" name="duration" defaultValue={String(86_400)} {...described('duration', errors, 'ends-preview')}>
          {DURATIONS.map((s) => (
            <option key={s} value={s}>
              {durationWords(s)}
            </option>
          ))}
        </select>
        <EndPreview {...props} />
        <FieldError field="duration" errors={errors} />
      </div>
      {type === 'english' ? (
        <>
          <label className="check">
            <input type="checkbox" checked={props.softClose} onChange={(e) => props.setSoftClose(e.target.checked)} /> {t('timing.softClose')}
          </label>
          {props.softClose ? <SoftCloseFields errors={errors} /> : null}
        </>
      ) : null}
    </fieldset>
  );
}
