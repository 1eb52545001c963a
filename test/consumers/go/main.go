// The example app, written as a Go user writes it: props structs through jsii.
// Synthesizes the four example stacks (REST API, HTTP API, an HTTP API on the REST stack's pool, and
// the REST API's maps on the Lite plan) into the folder given as the first argument,
// and writes there what AccessMatrix() and AccessMatrixMarkdown() returned to Go.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/scopedcognitoapi/cdk-scoped-cognito-api-go/cdkscopedcognitoapi"
)

// An API of the construct, either kind: what every consumer writes of it.
type matrixApi interface {
	AccessMatrixFiles() *[]*string
	AccessMatrix() *[]*cdkscopedcognitoapi.RouteAccess
	AccessMatrixMarkdown() *string
}

func newExampleStack(scope constructs.Construct, id string) (awscdk.Stack, cdkscopedcognitoapi.ScopedCognitoApi) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	api := cdkscopedcognitoapi.NewScopedCognitoApi(stack, jsii.String("Api"), &cdkscopedcognitoapi.ScopedCognitoApiProps{
		GroupScopes: &map[string]*[]*string{
			"Admin":    jsii.Strings("api/admin"),
			"ReadOnly": jsii.Strings("api/readonly"),
		},
		RouteScopes: &map[string]*[]*string{
			"GET /admin":    jsii.Strings("api/admin"),
			"GET /readonly": jsii.Strings("api/readonly"),
		},
		MachineClients: &[]*cdkscopedcognitoapi.MachineClient{{
			Name:   jsii.String("reporting"),
			Scopes: jsii.Strings("api/readonly"),
			Claims: &map[string]*string{"team": jsii.String("finance")},
		}},
		TriggerEventVersion: awscognito.LambdaVersion_V3_0,
		AuthFlows:           &awscognito.AuthFlow{UserSrp: jsii.Bool(true), AdminUserPassword: jsii.Bool(true)},
		WriteAccessMatrix:   jsii.Bool(true),
	})
	awscdk.NewCfnOutput(stack, jsii.String("UserPoolId"), &awscdk.CfnOutputProps{Value: api.UserPool().UserPoolId()})
	awscdk.NewCfnOutput(stack, jsii.String("ClientId"), &awscdk.CfnOutputProps{Value: api.UserPoolClient().UserPoolClientId()})
	awscdk.NewCfnOutput(stack, jsii.String("ReportingClientId"), &awscdk.CfnOutputProps{
		Value: api.ScopedUserPool().MachineClient(jsii.String("reporting")).UserPoolClientId(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("TokenEndpoint"), &awscdk.CfnOutputProps{Value: api.ScopedUserPool().TokenEndpoint()})
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: api.RestApi().Url()})
	return stack, api
}

func newHttpExampleStack(scope constructs.Construct, id string) (awscdk.Stack, cdkscopedcognitoapi.ScopedCognitoHttpApi) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	api := cdkscopedcognitoapi.NewScopedCognitoHttpApi(stack, jsii.String("Api"), &cdkscopedcognitoapi.ScopedCognitoHttpApiProps{
		GroupScopes: &map[string]*[]*string{
			"Admin":    jsii.Strings("orders/read", "orders/write"),
			"ReadOnly": jsii.Strings("orders/read"),
		},
		MachineClients: &[]*cdkscopedcognitoapi.MachineClient{{
			Name:   jsii.String("billing"),
			Scopes: jsii.Strings("orders/read", "invoices/write"),
		}},
		RouteScopes: &map[string]*[]*string{
			"GET /orders":         jsii.Strings("orders/read"),
			"GET /orders/{id}":    jsii.Strings("orders/read"),
			"POST /orders":        jsii.Strings("orders/write"),
			"DELETE /orders/{id}": jsii.Strings("orders/write"),
			"POST /invoices":      jsii.Strings("invoices/write"),
		},
		PublicRoutes:      jsii.Strings("GET /health"),
		AuthFlows:         &awscognito.AuthFlow{UserSrp: jsii.Bool(true), AdminUserPassword: jsii.Bool(true)},
		WriteAccessMatrix: jsii.Bool(true),
	})
	awscdk.NewCfnOutput(stack, jsii.String("UserPoolId"), &awscdk.CfnOutputProps{Value: api.UserPool().UserPoolId()})
	awscdk.NewCfnOutput(stack, jsii.String("ClientId"), &awscdk.CfnOutputProps{Value: api.UserPoolClient().UserPoolClientId()})
	awscdk.NewCfnOutput(stack, jsii.String("BillingClientId"), &awscdk.CfnOutputProps{
		Value: api.ScopedUserPool().MachineClient(jsii.String("billing")).UserPoolClientId(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("TokenEndpoint"), &awscdk.CfnOutputProps{Value: api.ScopedUserPool().TokenEndpoint()})
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: api.HttpApi().ApiEndpoint()})
	return stack, api
}

func newSharedPoolExampleStack(scope constructs.Construct, id string, scopedUserPool cdkscopedcognitoapi.ScopedUserPool) (awscdk.Stack, cdkscopedcognitoapi.ScopedCognitoHttpApi) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	api := cdkscopedcognitoapi.NewScopedCognitoHttpApi(stack, jsii.String("Api"), &cdkscopedcognitoapi.ScopedCognitoHttpApiProps{
		ScopedUserPool: scopedUserPool,
		RouteScopes: &map[string]*[]*string{
			"GET /reports":         jsii.Strings("api/readonly", "api/admin"),
			"DELETE /reports/{id}": jsii.Strings("api/admin"),
		},
		WriteAccessMatrix: jsii.Bool(true),
	})
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: api.HttpApi().ApiEndpoint()})
	return stack, api
}

// The REST example's maps on the Lite plan: no trigger, a generated Lambda authorizer enforces them.
func newLiteExampleStack(scope constructs.Construct, id string) (awscdk.Stack, cdkscopedcognitoapi.ScopedCognitoApi) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	api := cdkscopedcognitoapi.NewScopedCognitoApi(stack, jsii.String("Api"), &cdkscopedcognitoapi.ScopedCognitoApiProps{
		Enforcement: cdkscopedcognitoapi.Enforcement_LAMBDA_AUTHORIZER,
		GroupScopes: &map[string]*[]*string{
			"Admin":    jsii.Strings("api/admin"),
			"ReadOnly": jsii.Strings("api/readonly"),
		},
		RouteScopes: &map[string]*[]*string{
			"GET /admin":    jsii.Strings("api/admin"),
			"GET /readonly": jsii.Strings("api/readonly"),
		},
		MachineClients: &[]*cdkscopedcognitoapi.MachineClient{{
			Name:   jsii.String("reporting"),
			Scopes: jsii.Strings("api/readonly"),
		}},
		AuthFlows:         &awscognito.AuthFlow{UserSrp: jsii.Bool(true), AdminUserPassword: jsii.Bool(true)},
		WriteAccessMatrix: jsii.Bool(true),
	})
	awscdk.NewCfnOutput(stack, jsii.String("UserPoolId"), &awscdk.CfnOutputProps{Value: api.UserPool().UserPoolId()})
	awscdk.NewCfnOutput(stack, jsii.String("ClientId"), &awscdk.CfnOutputProps{Value: api.UserPoolClient().UserPoolClientId()})
	awscdk.NewCfnOutput(stack, jsii.String("ReportingClientId"), &awscdk.CfnOutputProps{
		Value: api.ScopedUserPool().MachineClient(jsii.String("reporting")).UserPoolClientId(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("TokenEndpoint"), &awscdk.CfnOutputProps{Value: api.ScopedUserPool().TokenEndpoint()})
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: api.RestApi().Url()})
	return stack, api
}

// Route access rows in the shape every consumer writes (fields in its order).
type plainRow struct {
	Api                  string   `json:"api"`
	Route                string   `json:"route"`
	Scopes               []string `json:"scopes"`
	Groups               []string `json:"groups"`
	SignedInWithoutGroup bool     `json:"signedInWithoutGroup"`
	MachineClients       []string `json:"machineClients"`
	IsPublic             bool     `json:"isPublic"`
}

// One stack's matrix as Go received it.
type stackMatrix struct {
	Files    []string   `json:"files"`
	Rows     []plainRow `json:"rows"`
	Markdown string     `json:"markdown"`
}

// The pool's matrix as Go received it.
type poolMatrix struct {
	Rows     []plainRow `json:"rows"`
	Markdown string     `json:"markdown"`
}

// A list as a JSON array: never null, as jsii hands an empty list to the other languages.
func stringList(list *[]*string) []string {
	out := []string{}
	if list != nil {
		for _, s := range *list {
			out = append(out, *s)
		}
	}
	return out
}

func plain(rows *[]*cdkscopedcognitoapi.RouteAccess) []plainRow {
	out := []plainRow{}
	for _, row := range *rows {
		out = append(out, plainRow{
			Api:                  *row.Api,
			Route:                *row.Route,
			Scopes:               stringList(row.Scopes),
			Groups:               stringList(row.Groups),
			SignedInWithoutGroup: *row.SignedInWithoutGroup,
			MachineClients:       stringList(row.MachineClients),
			IsPublic:             *row.IsPublic,
		})
	}
	return out
}

func writeJson(path string, value any) {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(value); err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		panic(err)
	}
}

func main() {
	defer jsii.Close()
	outdir := os.Args[1]
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	restStack, rest := newExampleStack(app, "ScopedCognitoApiExample")
	httpStack, http := newHttpExampleStack(app, "ScopedCognitoHttpApiExample")
	liteStack, lite := newLiteExampleStack(app, "ScopedCognitoLiteApiExample")
	sharedStack, shared := newSharedPoolExampleStack(app, "ScopedCognitoSharedPoolExample", rest.ScopedUserPool())
	app.Synth(nil)

	// encoding/json writes a map's keys sorted: the stack names are, in the order of the other consumers.
	matrices := map[string]stackMatrix{}
	for _, pair := range []struct {
		stack awscdk.Stack
		api   matrixApi
	}{{restStack, rest}, {httpStack, http}, {liteStack, lite}, {sharedStack, shared}} {
		matrices[*pair.stack.StackName()] = stackMatrix{
			Files:    stringList(pair.api.AccessMatrixFiles()),
			Rows:     plain(pair.api.AccessMatrix()),
			Markdown: *pair.api.AccessMatrixMarkdown(),
		}
	}
	writeJson(filepath.Join(outdir, "access-matrix-from-api.json"), matrices)
	// The REST stack's pool, which the third stack's API shares: one matrix over both APIs.
	pool := rest.ScopedUserPool()
	writeJson(filepath.Join(outdir, "pool-access-matrix-from-api.json"), poolMatrix{
		Rows:     plain(pool.AccessMatrix()),
		Markdown: *pool.AccessMatrixMarkdown(),
	})
	reviewedAccessRun(outdir)
}

// Access under review (ReviewedAccess): a missing file fails synth, an accept writes it, the same
// maps then pass, and a widened group fails with the change in words. Every consumer writes the
// same record of it, reviewed-access-run.json.
type reviewedRun struct {
	Missing   bool     `json:"missing"`
	Accepted  bool     `json:"accepted"`
	Unchanged bool     `json:"unchanged"`
	Drift     []string `json:"drift"`
	File      string   `json:"file"`
}

func synthReviewed(reviewed string, context map[string]interface{}, readOnlyScopes *[]*string) (message string) {
	reviewApp := awscdk.NewApp(&awscdk.AppProps{Context: &context})
	cdkscopedcognitoapi.NewScopedCognitoApi(awscdk.NewStack(reviewApp, jsii.String("Reviewed"), nil), jsii.String("Api"),
		&cdkscopedcognitoapi.ScopedCognitoApiProps{
			GroupScopes:    &map[string]*[]*string{"Admin": jsii.Strings("api/admin"), "ReadOnly": readOnlyScopes},
			RouteScopes:    &map[string]*[]*string{"GET /admin": jsii.Strings("api/admin"), "GET /readonly": jsii.Strings("api/readonly")},
			ReviewedAccess: jsii.String(reviewed),
		})
	// jsii turns the construct's error into a panic.
	defer func() {
		if failure := recover(); failure != nil {
			message = fmt.Sprint(failure)
		}
	}()
	reviewApp.Synth(nil)
	return ""
}

func reviewedAccessRun(outdir string) {
	reviewed := filepath.Join(outdir, "reviewed-access", "orders.txt")
	missing := synthReviewed(reviewed, map[string]interface{}{}, jsii.Strings("api/readonly"))
	accepted := synthReviewed(reviewed, map[string]interface{}{"cdk-scoped-cognito-api:acceptAccess": "true"}, jsii.Strings("api/readonly"))
	unchanged := synthReviewed(reviewed, map[string]interface{}{}, jsii.Strings("api/readonly"))
	drift := synthReviewed(reviewed, map[string]interface{}{}, jsii.Strings("api/readonly", "api/admin"))
	// Each change line once, as every consumer writes them.
	lines := []string{}
	seen := map[string]bool{}
	for _, line := range strings.Split(drift, "\n") {
		line = strings.TrimSpace(line)
		if (strings.HasPrefix(line, "+ ") || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "~ ")) && !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	text, err := os.ReadFile(reviewed)
	if err != nil {
		panic(err)
	}
	writeJson(filepath.Join(outdir, "reviewed-access-run.json"), reviewedRun{
		Missing:   strings.Contains(missing, "does not exist"),
		Accepted:  accepted == "",
		Unchanged: unchanged == "",
		Drift:     lines,
		File:      string(text),
	})
}
