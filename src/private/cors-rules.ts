import { CorsOptions } from 'aws-cdk-lib/aws-apigateway';

/** CORS settings that would open the API wider than meant. */
export function corsProblems(cors: CorsOptions | undefined): string[] {
  if (!cors) return [];
  const problems: string[] = [];
  if (cors.allowOrigins.length === 0) problems.push('cors.allowOrigins is empty: name the origins that may call the API');
  if (cors.allowOrigins.includes('*') && cors.allowCredentials) {
    problems.push("cors: '*' origins cannot be combined with allowCredentials; name the origins that may send credentials");
  }
  return problems;
}
