"""The example app, written as a Python user writes it: typed props through jsii.

Synthesizes the four example stacks (REST API, HTTP API, an HTTP API on the REST stack's pool, and
the REST API's maps on the Lite plan) into the folder given as the first argument,
and writes there what access_matrix() and access_matrix_markdown() returned to Python.
"""
import json
import os
import sys

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from cdk_scoped_cognito_api import Enforcement, MachineClient, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool


class ExampleStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.api = api = ScopedCognitoApi(
            self,
            "Api",
            group_scopes={
                "Admin": ["api/admin"],
                "ReadOnly": ["api/readonly"],
            },
            route_scopes={
                "GET /admin": ["api/admin"],
                "GET /readonly": ["api/readonly"],
            },
            machine_clients=[MachineClient(name="reporting", scopes=["api/readonly"], claims={"team": "finance"})],
            trigger_event_version=cognito.LambdaVersion.V3_0,
            auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
            write_access_matrix=True,
        )
        cdk.CfnOutput(self, "UserPoolId", value=api.user_pool.user_pool_id)
        cdk.CfnOutput(self, "ClientId", value=api.user_pool_client.user_pool_client_id)
        cdk.CfnOutput(
            self, "ReportingClientId", value=api.scoped_user_pool.machine_client("reporting").user_pool_client_id
        )
        cdk.CfnOutput(self, "TokenEndpoint", value=api.scoped_user_pool.token_endpoint)
        cdk.CfnOutput(self, "ApiUrl", value=api.rest_api.url)


class HttpExampleStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.api = api = ScopedCognitoHttpApi(
            self,
            "Api",
            group_scopes={
                "Admin": ["orders/read", "orders/write"],
                "ReadOnly": ["orders/read"],
            },
            machine_clients=[MachineClient(name="billing", scopes=["orders/read", "invoices/write"])],
            route_scopes={
                "GET /orders": ["orders/read"],
                "GET /orders/{id}": ["orders/read"],
                "POST /orders": ["orders/write"],
                "DELETE /orders/{id}": ["orders/write"],
                "POST /invoices": ["invoices/write"],
            },
            public_routes=["GET /health"],
            auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
            write_access_matrix=True,
        )
        cdk.CfnOutput(self, "UserPoolId", value=api.user_pool.user_pool_id)
        cdk.CfnOutput(self, "ClientId", value=api.user_pool_client.user_pool_client_id)
        cdk.CfnOutput(
            self, "BillingClientId", value=api.scoped_user_pool.machine_client("billing").user_pool_client_id
        )
        cdk.CfnOutput(self, "TokenEndpoint", value=api.scoped_user_pool.token_endpoint)
        cdk.CfnOutput(self, "ApiUrl", value=api.http_api.api_endpoint)


class SharedPoolExampleStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, scoped_user_pool: ScopedUserPool, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.api = api = ScopedCognitoHttpApi(
            self,
            "Api",
            scoped_user_pool=scoped_user_pool,
            route_scopes={
                "GET /reports": ["api/readonly", "api/admin"],
                "DELETE /reports/{id}": ["api/admin"],
            },
            write_access_matrix=True,
        )
        cdk.CfnOutput(self, "ApiUrl", value=api.http_api.api_endpoint)


class LiteExampleStack(cdk.Stack):
    """The REST example's maps on the Lite plan: no trigger, a generated Lambda authorizer enforces them."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.api = api = ScopedCognitoApi(
            self,
            "Api",
            enforcement=Enforcement.LAMBDA_AUTHORIZER,
            group_scopes={
                "Admin": ["api/admin"],
                "ReadOnly": ["api/readonly"],
            },
            route_scopes={
                "GET /admin": ["api/admin"],
                "GET /readonly": ["api/readonly"],
            },
            machine_clients=[MachineClient(name="reporting", scopes=["api/readonly"])],
            auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
            write_access_matrix=True,
        )
        cdk.CfnOutput(self, "UserPoolId", value=api.user_pool.user_pool_id)
        cdk.CfnOutput(self, "ClientId", value=api.user_pool_client.user_pool_client_id)
        cdk.CfnOutput(
            self, "ReportingClientId", value=api.scoped_user_pool.machine_client("reporting").user_pool_client_id
        )
        cdk.CfnOutput(self, "TokenEndpoint", value=api.scoped_user_pool.token_endpoint)
        cdk.CfnOutput(self, "ApiUrl", value=api.rest_api.url)


app = cdk.App(outdir=sys.argv[1])
rest = ExampleStack(app, "ScopedCognitoApiExample")
stacks = [
    rest,
    HttpExampleStack(app, "ScopedCognitoHttpApiExample"),
    LiteExampleStack(app, "ScopedCognitoLiteApiExample"),
    SharedPoolExampleStack(app, "ScopedCognitoSharedPoolExample", rest.api.scoped_user_pool),
]
app.synth()


def plain(rows):
    """Route access rows in the shape every consumer writes."""
    return [
        {
            "api": row.api,
            "route": row.route,
            "scopes": row.scopes,
            "groups": row.groups,
            "signedInWithoutGroup": row.signed_in_without_group,
            "machineClients": row.machine_clients,
            "isPublic": row.is_public,
        }
        for row in rows
    ]


matrices = {
    stack.stack_name: {
        "files": stack.api.access_matrix_files,
        "rows": plain(stack.api.access_matrix()),
        "markdown": stack.api.access_matrix_markdown(),
    }
    for stack in stacks
}
with open(os.path.join(sys.argv[1], "access-matrix-from-api.json"), "w", encoding="utf-8") as out:
    json.dump(matrices, out, indent=2)
# The REST stack's pool, which the third stack's API shares: one matrix over both APIs.
pool = rest.api.scoped_user_pool
with open(os.path.join(sys.argv[1], "pool-access-matrix-from-api.json"), "w", encoding="utf-8") as out:
    json.dump({"rows": plain(pool.access_matrix()), "markdown": pool.access_matrix_markdown()}, out, indent=2)


# Access under review (reviewed_access): a missing file fails synth, an accept writes it, the same
# maps then pass, and a widened group fails with the change in words. Every consumer writes the
# same record of it, reviewed-access-run.json.
reviewed = os.path.join(sys.argv[1], "reviewed-access", "orders.txt")


def synth_reviewed(context, read_only_scopes):
    review_app = cdk.App(context=context)
    ScopedCognitoApi(
        cdk.Stack(review_app, "Reviewed"),
        "Api",
        group_scopes={"Admin": ["api/admin"], "ReadOnly": read_only_scopes},
        route_scopes={"GET /admin": ["api/admin"], "GET /readonly": ["api/readonly"]},
        reviewed_access=reviewed,
    )
    try:
        review_app.synth()
        return ""
    except Exception as error:  # jsii raises the construct's error with its message
        return str(error)


missing = synth_reviewed({}, ["api/readonly"])
accepted = synth_reviewed({"cdk-scoped-cognito-api:acceptAccess": "true"}, ["api/readonly"])
unchanged = synth_reviewed({}, ["api/readonly"])
drift = synth_reviewed({}, ["api/readonly", "api/admin"])
with open(reviewed, encoding="utf-8") as reviewed_file:
    file_text = reviewed_file.read()
with open(os.path.join(sys.argv[1], "reviewed-access-run.json"), "w", encoding="utf-8") as out:
    json.dump(
        {
            "missing": "does not exist" in missing,
            "accepted": accepted == "",
            "unchanged": unchanged == "",
            # Each change line once, as every consumer writes them.
            "drift": list(dict.fromkeys(line.strip() for line in drift.split("\n") if line.strip()[:2] in ("+ ", "- ", "~ "))),
            "file": file_text,
        },
        out,
        indent=2,
    )
