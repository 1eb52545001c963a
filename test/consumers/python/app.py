"""The example app, written as a Python user writes it: typed props through jsii.

Synthesizes the seed's setup into the folder given as the first argument.
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from cdk_scoped_cognito_api import ScopedCognitoApi


class ExampleStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        api = ScopedCognitoApi(
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
            auth_flows=cognito.AuthFlow(user_srp=True, admin_user_password=True),
        )
        cdk.CfnOutput(self, "UserPoolId", value=api.user_pool.user_pool_id)
        cdk.CfnOutput(self, "ClientId", value=api.user_pool_client.user_pool_client_id)
        cdk.CfnOutput(self, "ApiUrl", value=api.rest_api.url)


app = cdk.App(outdir=sys.argv[1])
ExampleStack(app, "ScopedCognitoApiExample")
app.synth()
