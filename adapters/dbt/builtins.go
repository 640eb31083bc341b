package dbt

import (
	"fmt"
	"strings"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
)

// This file gives templates the parts of dbt's Jinja context that are pure
// text: the cross-database macros of the dbt namespace, the most used
// dbt_utils macros, adapter.dispatch over the project's own macros,
// return(), and dbt's filters. Anything that needs a warehouse
// (run_query, adapter.get_relation, dbt_utils.star) stays undefined, so a
// model that calls it is reported, not rendered wrong.

// sqlFunc is a macro implemented in Go: it receives the call's arguments
// and returns SQL text.
type sqlFunc func(args []string, kwargs map[string]string) (string, error)

// goMacro wraps a sqlFunc as a template function.
func goMacro(name string, f sqlFunc) func(*exec.VarArgs) (any, error) {
	return func(va *exec.VarArgs) (any, error) {
		args := make([]string, len(va.Args))
		for i, a := range va.Args {
			args[i] = valueText(a)
		}
		kw := make(map[string]string, len(va.KwArgs))
		for k, v := range kwargs(va) {
			kw[k] = valueText(v)
		}
		s, err := f(args, kw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return s, nil
	}
}

// kwargs returns a call's keyword arguments with their names trimmed: the
// engine keeps a line break that precedes a name in a multi-line call.
func kwargs(va *exec.VarArgs) map[string]*exec.Value {
	clean := true
	for k := range va.KwArgs {
		if strings.TrimSpace(k) != k {
			clean = false
			break
		}
	}
	if clean {
		return va.KwArgs
	}
	out := make(map[string]*exec.Value, len(va.KwArgs))
	for k, v := range va.KwArgs {
		out[strings.TrimSpace(k)] = v
	}
	return out
}

// valueText renders a template value as macro argument text: strings as
// they are, lists joined with ", ".
func valueText(v *exec.Value) string {
	if v == nil || v.IsNil() {
		return ""
	}
	if v.IsList() {
		parts := make([]string, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			parts = append(parts, valueText(v.Index(i)))
		}
		return strings.Join(parts, ", ")
	}
	return v.String()
}

// listArg returns a list argument's items.
func listArg(v *exec.Value) []string {
	if v == nil || v.IsNil() {
		return nil
	}
	if !v.IsList() {
		return []string{v.String()}
	}
	out := make([]string, 0, v.Len())
	for i := 0; i < v.Len(); i++ {
		out = append(out, valueText(v.Index(i)))
	}
	return out
}

func arg(args []string, kwargs map[string]string, i int, name string) (string, error) {
	if v, ok := kwargs[name]; ok {
		return v, nil
	}
	if i < len(args) {
		return args[i], nil
	}
	return "", fmt.Errorf("missing argument %q", name)
}

// macro makes a macro that takes the named arguments, each by position or
// by keyword, and renders them; a missing one is an error naming it.
func macro(names []string, render func(v []string) string) sqlFunc {
	return func(a []string, kw map[string]string) (string, error) {
		v := make([]string, len(names))
		for i, n := range names {
			s, err := arg(a, kw, i, n)
			if err != nil {
				return "", err
			}
			v[i] = s
		}
		return render(v), nil
	}
}

func fixed(s string) sqlFunc {
	return func([]string, map[string]string) (string, error) { return s, nil }
}

// dbtMacros are the cross-database macros of dbt's own namespace.
var dbtMacros = map[string]sqlFunc{
	"date_trunc": macro([]string{"datepart", "date"}, func(v []string) string {
		return fmt.Sprintf("date_trunc('%s', %s)", v[0], v[1])
	}),
	"dateadd": macro([]string{"datepart", "interval", "from_date_or_timestamp"}, func(v []string) string {
		return fmt.Sprintf("dateadd(%s, %s, %s)", v[0], v[1], v[2])
	}),
	"datediff": macro([]string{"first_date", "second_date", "datepart"}, func(v []string) string {
		return fmt.Sprintf("datediff(%s, %s, %s)", v[2], v[0], v[1])
	}),
	"safe_cast": macro([]string{"field", "type"}, func(v []string) string {
		return fmt.Sprintf("cast(%s as %s)", v[0], v[1])
	}),
	"cast": macro([]string{"field", "type"}, func(v []string) string {
		return fmt.Sprintf("cast(%s as %s)", v[0], v[1])
	}),
	"hash": macro([]string{"field"}, func(v []string) string {
		return fmt.Sprintf("md5(cast(%s as varchar))", v[0])
	}),
	"concat": macro([]string{"fields"}, func(v []string) string {
		return "concat(" + v[0] + ")"
	}),
	"split_part": macro([]string{"string_text", "delimiter_text", "part_number"}, func(v []string) string {
		return fmt.Sprintf("split_part(%s, %s, %s)", v[0], v[1], v[2])
	}),
	"any_value": macro([]string{"expression"}, func(v []string) string {
		return "any_value(" + v[0] + ")"
	}),
	"current_timestamp":            fixed("current_timestamp"),
	"current_timestamp_backcompat": fixed("current_timestamp"),
	"type_string":                  fixed("varchar"),
	"type_timestamp":               fixed("timestamp"),
	"type_int":                     fixed("integer"),
	"type_bigint":                  fixed("bigint"),
	"type_numeric":                 fixed("numeric"),
	"type_float":                   fixed("float"),
	"type_boolean":                 fixed("boolean"),
}

// surrogateKey is dbt_utils.generate_surrogate_key: md5 over the fields
// cast to text and joined with '-'.
func surrogateKey(va *exec.VarArgs) (any, error) {
	var fields []string
	if v, ok := kwargs(va)["field_list"]; ok {
		fields = listArg(v)
	} else if len(va.Args) == 1 {
		fields = listArg(va.Args[0])
	} else {
		for _, a := range va.Args {
			fields = append(fields, valueText(a))
		}
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("generate_surrogate_key: no fields")
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("coalesce(cast(%s as varchar), '_dbt_utils_surrogate_key_null_')", f)
	}
	return "md5(concat(" + strings.Join(parts, ", '-', ") + "))", nil
}

// namespace is a template object whose attributes are functions.
type namespace struct {
	name  string
	funcs map[string]any
}

// GetAttribute returns the function of that name.
func (n namespace) GetAttribute(name string) (*exec.Value, bool) {
	f, ok := n.funcs[name]
	if !ok {
		return exec.AsValue(nil), false
	}
	return exec.AsValue(f), true
}

// String names the namespace.
func (n namespace) String() string { return n.name }

func dbtNamespace() namespace {
	ns := namespace{name: "dbt", funcs: map[string]any{}}
	for k, f := range dbtMacros {
		ns.funcs[k] = goMacro("dbt."+k, f)
	}
	return ns
}

func dbtUtilsNamespace() namespace {
	ns := namespace{name: "dbt_utils", funcs: map[string]any{
		"generate_surrogate_key": surrogateKey,
		"surrogate_key":          surrogateKey,
	}}
	for _, k := range []string{"date_trunc", "dateadd", "datediff", "safe_cast", "hash", "concat", "split_part", "any_value", "current_timestamp", "type_string", "type_timestamp", "type_int", "type_bigint", "type_numeric", "type_float"} {
		ns.funcs[k] = goMacro("dbt_utils."+k, dbtMacros[k])
	}
	return ns
}

// supportedNamespaced reports whether a dotted call is one this file
// implements.
func supportedNamespaced(name string) bool {
	head, fn, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	switch head {
	case "dbt":
		_, ok := dbtMacros[fn]
		return ok
	case "dbt_utils":
		_, ok := dbtUtilsNamespace().funcs[fn]
		return ok
	case "adapter":
		return fn == "dispatch" || fn == "quote"
	}
	return false
}

// adapterObject is `adapter`: dispatch finds <adapter>__name or
// default__name among the macros the template defines, or a built-in
// macro of the dbt namespace; quote quotes an identifier.
type adapterObject struct {
	adapter string
}

// GetAttribute gives dispatch and quote.
func (a adapterObject) GetAttribute(name string) (*exec.Value, bool) {
	switch name {
	case "dispatch":
		return exec.AsValue(a.dispatch), true
	case "quote":
		return exec.AsValue(func(va *exec.VarArgs) (any, error) {
			q := string(quoteChar(a.adapter))
			s := valueText(va.First())
			return q + strings.ReplaceAll(s, q, q+q) + q, nil
		}), true
	}
	return exec.AsValue(nil), false
}

// String names the adapter.
func (a adapterObject) String() string { return a.adapter }

func (a adapterObject) dispatch(e *exec.Evaluator, va *exec.VarArgs) (any, error) {
	name := valueText(va.First())
	if v, ok := kwargs(va)["macro_name"]; ok {
		name = valueText(v)
	}
	if name == "" {
		return nil, fmt.Errorf("adapter.dispatch: no macro name")
	}
	for _, cand := range []string{strings.ToLower(a.adapter) + "__" + name, "default__" + name} {
		if m, ok := e.Environment.Context.Get(cand); ok && m != nil {
			return m, nil
		}
	}
	if f, ok := dbtMacros[name]; ok {
		return goMacro("dbt."+name, f), nil
	}
	return nil, fmt.Errorf("adapter.dispatch(%q): no %s__%s or default__%s macro", name, a.adapter, name, name)
}

// returnValue is dbt's return(): the macro's output becomes the value.
func returnValue(va *exec.VarArgs) (any, error) {
	return va.First().Interface(), nil
}

// dbtFilters are gonja's filters plus dbt's as_bool, as_text, as_number
// and as_native.
func dbtFilters() *exec.FilterSet {
	fs := exec.NewFilterSet(map[string]exec.FilterFunction{}).Update(builtins.Filters)
	same := func(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value { return in }
	asBool := func(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
		if in.IsString() {
			switch strings.ToLower(strings.TrimSpace(in.String())) {
			case "true":
				return exec.AsValue(true)
			case "false", "":
				return exec.AsValue(false)
			}
		}
		return exec.AsValue(in.IsTrue())
	}
	asText := func(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
		return exec.AsValue(in.String())
	}
	for name, f := range map[string]exec.FilterFunction{"as_bool": asBool, "as_text": asText, "as_number": same, "as_native": same} {
		if fs.Exists(name) {
			continue
		}
		if err := fs.Register(name, f); err != nil {
			continue
		}
	}
	return fs
}
