package io.github.scopedcognitoapi.example;

import io.github.scopedcognitoapi.ScopedCognitoApi;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.constructs.Construct;

/** The example app, written as a Java user writes it: builders through jsii. */
public final class ExampleApp {
    static final class ExampleStack extends Stack {
        ExampleStack(final Construct scope, final String id) {
            super(scope, id);
            ScopedCognitoApi api = ScopedCognitoApi.Builder.create(this, "Api")
                .groupScopes(Map.of(
                    "Admin", List.of("api/admin"),
                    "ReadOnly", List.of("api/readonly")))
                .routeScopes(Map.of(
                    "GET /admin", List.of("api/admin"),
                    "GET /readonly", List.of("api/readonly")))
                .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                .build();
            CfnOutput.Builder.create(this, "UserPoolId").value(api.getUserPool().getUserPoolId()).build();
            CfnOutput.Builder.create(this, "ClientId").value(api.getUserPoolClient().getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getRestApi().getUrl()).build();
        }
    }

    private ExampleApp() {
    }

    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args[0]).build());
        new ExampleStack(app, "ScopedCognitoApiExample");
        app.synth();
    }
}
