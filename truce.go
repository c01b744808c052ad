// Package truce is the domain of Truce, a system for monitoring a ceasefire and
// the negotiation around it: parties, agreements and their provisions, the
// positions parties take on them with their evidence, talks, and the rules
// computed from them (the position matrix, readiness, conditions, unanimity).
//
// The package does no I/O. Storage lives in sqldb, scenario files in scenario,
// the HTTP API in api.
package truce

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in package api.
const (
	ECONFLICT       = "conflict"        // the action conflicts with existing data
	EINTERNAL       = "internal"        // a bug or an unavailable dependency
	EINVALID        = "invalid"         // the input is malformed or breaks a rule
	ENOTFOUND       = "not_found"       // the entity does not exist
	EUNAUTHORIZED   = "unauthorized"    // the caller is not authenticated
	EFORBIDDEN      = "forbidden"       // the caller may not do this
	ENOTIMPLEMENTED = "not_implemented" // the feature is not available here
	ETOOMANY        = "too_many"        // too many attempts: try again later
	ETOOLARGE       = "too_large"       // the request body exceeds its limit
)

// Error is Truce's application error: a code, a message fit for the user,
// and for validation errors the offending field.
type Error struct {
	Code    string
	Field   string // optional: the field the message is about
	Message string
}

// Error implements the error interface: the message a person reads, with
// its field; the code is for programs (ErrorCode).
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error about one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// FieldErrors returns every *Error with a field in err's tree (errors
// joined with errors.Join, or wrapped), in order.
func FieldErrors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			if e.Field != "" {
				out = append(out, e)
			}
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for other errors (whose text may hold internals).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return "internal error"
}
