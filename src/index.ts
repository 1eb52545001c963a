export * from './route-access';
export * from './machine-client';
export * from './scoped-cognito-api';
export * from './scoped-cognito-http-api';
export * from './scoped-routes-props';
export * from './scoped-user-pool';
export * from './scoped-user-pool-props';
export * from './threat-protection';
