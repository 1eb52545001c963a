"""The create-only properties of the resource types the library's templates hold, from the resource
provider schemas cfn-lint ships (each schema's createOnlyProperties: a change to one replaces the
resource). The tests read test/cfn/create-only-properties.json; this keeps it true.

  python create_only.py --check FILE   fails if FILE differs from cfn-lint's schemas (the cfn-lint task runs it)
  python create_only.py --write FILE   rewrites FILE from them
"""
import json
import os
import sys

import cfnlint

# The types whose logical IDs the tests hold across a change of an API's form.
TYPES = [
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Stage",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::Cognito::UserPoolResourceServer",
    "AWS::Lambda::Function",
    "AWS::Logs::LogGroup",
]


def create_only_properties():
    schemas = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas")
    with open(os.path.join(schemas, "providers", "us-east-1.json")) as f:
        providers = json.load(f)
    result = {}
    for resource_type in TYPES:
        with open(os.path.join(schemas, "resources", providers[resource_type] + ".json")) as f:
            schema = json.load(f)
        paths = schema.get("createOnlyProperties", [])
        result[resource_type] = sorted(path[len("/properties/"):] for path in paths)
    return result


def main():
    mode, path = sys.argv[1], sys.argv[2]
    expected = create_only_properties()
    if mode == "--write":
        with open(path, "w") as f:
            json.dump(expected, f, indent=2, sort_keys=True)
            f.write("\n")
        return
    with open(path) as f:
        committed = json.load(f)
    if committed != expected:
        print(f"{path} differs from cfn-lint's resource schemas; run: python {sys.argv[0]} --write {path}", file=sys.stderr)
        sys.exit(1)
    print(f"{path}: the create-only properties of {len(TYPES)} resource types match cfn-lint's schemas")


if __name__ == "__main__":
    main()
