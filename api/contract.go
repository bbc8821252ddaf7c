package api

import (
	"bytes"
	_ "embed"
)

//go:embed openapi.yaml
var openAPISpec []byte

// OpenAPISpec returns the OpenAPI 3 description of the eight endpoints, embedded so that the
// binary carries the contract it was tested against. Each call returns a fresh copy.
func OpenAPISpec() []byte { return bytes.Clone(openAPISpec) }
