export * from './scoped-cognito-api';
export * from './scoped-user-pool';
export * from './threat-protection';
