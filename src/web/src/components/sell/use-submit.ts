import { type FormEvent, useState } from 'react';
import { api } from '../../api';
import { navigate } from '../../router';
import type { FieldErrors } from './fields';
import { apiProblem, type Choices, readListing } from './read-listing';
import { requiredLevel } from '../../verification-api';
import type { VerificationLevel } from '../../../../shared/api/verification';

/** The messages one submit leaves: at fields, a server rule refusal, the summary's snapshot and the form's own. */
export interface SubmitState {
  errors: FieldErrors;
  serverRule: FieldErrors | null;
  summary: FieldErrors;
  formError: string | null;
  /** Bumped on every attempt, so the summary takes the focus again. */
  attempt: number;
  busy: boolean;
  /** The verification level the listing's category asks of the seller, when refused for it. */
  verify?: VerificationLevel | null;
}

/**
 * Reads the form, refuses it while a category rule is broken (`live`), sends it, and
 * puts a server refusal at its field (a rule refusal apart, so a change can clear it).
 */
export function useSubmit(choices: Choices, live: FieldErrors, clearUploadErrors: () => void) {
  const [s, setS] = useState<SubmitState>({ errors: {}, serverRule: null, summary: {}, formError: null, attempt: 0, busy: false });
  const clearServerRule = () => setS((x) => (x.serverRule ? { ...x, serverRule: null } : x));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // A new attempt starts clean: old messages (an upload's too) never sit beside new ones.
    clearUploadErrors();
    const read = readListing(new FormData(e.currentTarget), choices);
    const ready = read.body !== null && Object.keys(live).length === 0;
    setS((x) => ({ errors: read.errors, serverRule: null, summary: { ...read.errors, ...live }, formError: read.formError, attempt: x.attempt + 1, busy: ready }));
    if (!ready || !read.body) return;
    try {
      const a = await api.createAuction(read.body);
      navigate(`/auctions/${a.id}`);
    } catch (err) {
      const p = apiProblem(err);
      const at = p.field ? { [p.field]: p.message } : {};
      setS((x) => ({
        errors: p.field && !p.rule ? at : {},
        serverRule: p.field && p.rule ? at : null,
        summary: at,
        formError: p.field ? null : p.message,
        attempt: x.attempt + 1,
        busy: false,
        verify: requiredLevel(err),
      }));
    }
  };
  return { ...s, submit, clearServerRule };
}
