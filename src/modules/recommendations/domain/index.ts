export {
  type Candidate,
  type CandidatePool,
  orderSignals,
  PER_SIGNAL,
  type Pick,
  rankRecommendations,
  SIGNAL_WEIGHT,
  type Signal,
  type SignalCode,
} from './recommendation.rank.js';
