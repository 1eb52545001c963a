/**
 * Cognito threat protection (formerly "advanced security features"). Any mode other than `OFF`
 * needs the user pool on `FeaturePlan.PLUS`, which has no free tier.
 */
export enum ThreatProtection {
  /** No risk detection: the default, and the only mode the Lite and Essentials plans allow. */
  OFF = 'OFF',
  /** Cognito scores sign-in risk and logs it, but takes no action. */
  AUDIT = 'AUDIT',
  /** Cognito scores sign-in risk and blocks or challenges risky sign-ins. */
  ENFORCED = 'ENFORCED',
}
