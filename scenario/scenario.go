// Package scenario reads and writes scenario files: a human-writable YAML
// form of a whole negotiation (parties, sources, zones, agreements with their
// provisions, positions with evidence, talks). Every error names the file,
// the line and the field: "april2025.yaml:42: positions[3].stance: ...".
package scenario

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"go.yaml.in/yaml/v3"
)

//go:embed builtin/*.yaml builtin/*.ndjson
var builtinFS embed.FS

// Builtin names the built-in scenario served on a fresh database.
const Builtin = "april2025"

// LoadBuiltin parses the built-in scenario of the given name.
func LoadBuiltin(name string) (*truce.Scenario, error) {
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no built-in scenario %q", name)
	}
	return Parse(name+".yaml", b)
}

// BuiltinReports returns the example reports that come with the built-in
// scenario of the given name, as NDJSON (one report per line, in the API's
// shape), or nil if it has none. The April 2025 scenario's are open-source
// reports of the strikes its articles describe, each quoting its sentence.
func BuiltinReports(name string) []byte {
	b, err := builtinFS.ReadFile("builtin/" + name + "-reports.ndjson")
	if err != nil {
		return nil
	}
	return b
}

// LoadFile parses the scenario file at path.
func LoadFile(path string) (*truce.Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(filepath.Base(path), b)
}

// maxFileSize bounds a scenario file: they are written by people.
const maxFileSize = 16 << 20

// Problem is one error in a scenario file.
type Problem struct {
	File    string
	Line    int
	Field   string // path of the field, e.g. positions[3].stance
	Message string
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Message)
}

// Error lists every problem found in a scenario file, in line order. It
// unwraps to an EINVALID *truce.Error.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the error its code.
func (e *Error) Unwrap() error {
	return truce.Errorf(truce.EINVALID, "%d problem(s) in scenario file", len(e.Problems))
}

// Parse decodes and validates a scenario file's contents. name is used in messages.
func Parse(name string, data []byte) (*truce.Scenario, error) {
	if len(data) > maxFileSize {
		return nil, &Error{[]Problem{{File: name, Line: 1, Message: fmt.Sprintf("file is %d bytes, more than %d", len(data), maxFileSize)}}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{[]Problem{yamlProblem(name, err)}}
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{[]Problem{yamlProblem(name, err)}}
	}
	v := &validator{name: name, root: &root}
	s := v.build(&f)
	if len(v.problems) > 0 {
		sort.SliceStable(v.problems, func(i, j int) bool { return v.problems[i].Line < v.problems[j].Line })
		return nil, &Error{v.problems}
	}
	return s, nil
}

// yamlProblem turns a YAML syntax or type error ("yaml: line 3: ...") into a Problem.
func yamlProblem(name string, err error) Problem {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	} else if strings.HasPrefix(msg, "unmarshal errors") {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:\n"))
	}
	return Problem{File: name, Line: line, Message: msg}
}

// The file's own shape: strings where the domain has typed values, so that
// every conversion error can be reported with its line.
type file struct {
	Scenario   string          `yaml:"scenario"`
	TimeZone   string          `yaml:"time_zone"`
	Parties    []fileParty     `yaml:"parties"`
	Sources    []fileSource    `yaml:"sources"`
	Zones      []fileZone      `yaml:"zones"`
	Agreements []fileAgreement `yaml:"agreements"`
	Positions  []filePosition  `yaml:"positions"`
	Talks      []fileTalks     `yaml:"talks"`
}

type fileParty struct {
	Code    string   `yaml:"code"`
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Members []string `yaml:"members"`
}

type fileSource struct {
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`
	Outlet      string `yaml:"outlet"`
	URL         string `yaml:"url"`
	File        string `yaml:"file"`
	Published   string `yaml:"published"`
	ContentHash string `yaml:"content_hash"`
}

type fileZone struct {
	ID       string         `yaml:"id"`
	Name     string         `yaml:"name"`
	Kind     string         `yaml:"kind"`
	Builtin  string         `yaml:"builtin"`
	Geometry map[string]any `yaml:"geometry"`
}

type fileAgreement struct {
	ID         string          `yaml:"id"`
	Name       string          `yaml:"name"`
	Summary    string          `yaml:"summary"`
	Proposed   string          `yaml:"proposed"`
	ProposedBy []string        `yaml:"proposed_by"`
	Sources    []string        `yaml:"sources"`
	Texts      []fileAgrText   `yaml:"texts"`
	Provisions []fileProvision `yaml:"provisions"`
}

type fileAgrText struct {
	Party  string `yaml:"party"`
	Title  string `yaml:"title"`
	Source string `yaml:"source"`
	Text   string `yaml:"text"`
}

type fileProvision struct {
	ID         string          `yaml:"id"`
	Issue      string          `yaml:"issue"`
	Title      string          `yaml:"title"`
	Text       string          `yaml:"text"`
	Parties    []string        `yaml:"parties"`
	Window     fileWindow      `yaml:"window"`
	Scope      []string        `yaml:"scope"`
	Protects   []string        `yaml:"protects"`
	Texts      []fileProvText  `yaml:"texts"`
	Conditions []fileCondition `yaml:"conditions"`
	History    []fileChange    `yaml:"history"`
}

type fileWindow struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

type fileProvText struct {
	Party    string   `yaml:"party"`
	Text     string   `yaml:"text"`
	Protects []string `yaml:"protects"`
	Source   string   `yaml:"source"`
}

type fileCondition struct {
	Kind      string   `yaml:"kind"`
	Provision string   `yaml:"provision"`
	Days      int      `yaml:"days"`
	Bloc      string   `yaml:"bloc"`
	Parties   []string `yaml:"parties"`
	Note      string   `yaml:"note"`
}

type fileChange struct {
	Status string `yaml:"status"`
	Date   string `yaml:"date"`
	Source string `yaml:"source"`
	Note   string `yaml:"note"`
}

type filePosition struct {
	Party     string         `yaml:"party"`
	Provision string         `yaml:"provision"`
	Issue     string         `yaml:"issue"`
	Stance    string         `yaml:"stance"`
	Condition string         `yaml:"condition"`
	AsOf      string         `yaml:"as_of"`
	Note      string         `yaml:"note"`
	Evidence  []fileEvidence `yaml:"evidence"`
}

type fileEvidence struct {
	Source      string `yaml:"source"`
	Quote       string `yaml:"quote"`
	Attribution string `yaml:"attribution"`
	Speaker     string `yaml:"speaker"`
}

type fileTalks struct {
	ID           string         `yaml:"id"`
	Title        string         `yaml:"title"`
	Place        string         `yaml:"place"`
	Start        string         `yaml:"start"`
	End          string         `yaml:"end"`
	Planned      bool           `yaml:"planned"`
	Participants []string       `yaml:"participants"`
	Evidence     []fileEvidence `yaml:"evidence"`
}

// validator converts the file to the domain, collecting problems with their lines.
type validator struct {
	name     string
	root     *yaml.Node
	problems []Problem

	parties    map[string]*truce.Party
	sources    map[string]bool
	zones      map[string]bool
	provisions map[string]*truce.Provision
	agreements map[string]bool
	talks      map[string]bool
}

// path is a field path: a sequence of mapping keys (string) and sequence indices (int).
type path []any

func (p path) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e)
		}
	}
	return b.String()
}

func (p path) with(e ...any) path { return append(slices.Clone(p), e...) }

// line finds the line of the node at p, falling back to its nearest existing ancestor.
func (v *validator) line(p path) int {
	n := v.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, e := range p {
		var next *yaml.Node
		switch e := e.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == e {
						next = n.Content[i+1]
						if next.Kind != yaml.MappingNode && next.Kind != yaml.SequenceNode {
							next.Line = max(next.Line, n.Content[i].Line)
						}
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && e < len(n.Content) {
				next = n.Content[e]
			}
		}
		if next == nil {
			break
		}
		n, line = next, next.Line
	}
	return line
}

func (v *validator) errorf(p path, format string, args ...any) {
	v.problems = append(v.problems, Problem{File: v.name, Line: v.line(p), Field: p.String(), Message: fmt.Sprintf(format, args...)})
}

// domainError reports a *truce.Error from a domain check at p (adding its field).
func (v *validator) domainError(p path, err error) {
	var e *truce.Error
	if errors.As(err, &e) && e.Field != "" {
		v.errorf(p.with(strings.Split(e.Field, ".")[0]), "%s", e.Message)
		return
	}
	v.errorf(p, "%s", truce.ErrorMessage(err))
}

func (v *validator) date(p path, s string, required bool) truce.Date {
	if s == "" {
		if required {
			v.errorf(p, "required (YYYY-MM-DD)")
		}
		return truce.Date{}
	}
	d, err := truce.ParseDate(s)
	if err != nil {
		v.errorf(p, "%v", err)
	}
	return d
}

func (v *validator) party(p path, code string) {
	if _, ok := v.parties[code]; !ok {
		v.errorf(p, "unknown party %q (declare it under parties)", code)
	}
}

func (v *validator) partyList(p path, codes []string) {
	for i, c := range codes {
		v.party(p.with(i), c)
	}
}

func (v *validator) source(p path, id string, required bool) {
	if id == "" {
		if required {
			v.errorf(p, "required")
		}
		return
	}
	if !v.sources[id] {
		v.errorf(p, "unknown source %q (declare it under sources)", id)
	}
}

func (v *validator) unique(seen map[string]bool, p path, kind, id string) {
	if id == "" {
		v.errorf(p, "required")
		return
	}
	if seen[id] {
		v.errorf(p, "duplicate %s id %q", kind, id)
	}
	seen[id] = true
}

func (v *validator) targets(p path, ss []string) []truce.TargetClass {
	var out []truce.TargetClass
	for i, s := range ss {
		c := truce.TargetClass(s)
		if !c.Valid() {
			v.errorf(p.with(i), "%q is not one of %v", s, truce.TargetClasses)
		}
		out = append(out, c)
	}
	return out
}

func (v *validator) build(f *file) *truce.Scenario {
	s := &truce.Scenario{Name: f.Scenario}
	if f.Scenario == "" {
		v.errorf(path{"scenario"}, "required: the scenario's name")
	}
	if f.TimeZone != "" {
		if _, err := truce.LoadZone(f.TimeZone); err != nil {
			v.errorf(path{"time_zone"}, "%q is not an IANA time zone name (like %s)", f.TimeZone, truce.DefaultZone)
		}
		s.TimeZone = f.TimeZone
	}
	v.parties = map[string]*truce.Party{}
	for i, fp := range f.Parties {
		p := path{"parties", i}
		party := truce.Party{Code: fp.Code, Name: fp.Name, Kind: truce.PartyKind(fp.Kind), Members: fp.Members}
		if err := party.Validate(); err != nil {
			v.domainError(p, err)
		}
		if _, dup := v.parties[fp.Code]; dup {
			v.errorf(p.with("code"), "duplicate party code %q", fp.Code)
		}
		s.Parties = append(s.Parties, party)
		v.parties[fp.Code] = &s.Parties[len(s.Parties)-1]
	}
	v.sources = map[string]bool{}
	for i, fs := range f.Sources {
		p := path{"sources", i}
		v.unique(v.sources, p.with("id"), "source", fs.ID)
		if fs.Title == "" {
			v.errorf(p.with("title"), "required")
		}
		if fs.Outlet == "" {
			v.errorf(p.with("outlet"), "required")
		}
		if fs.ContentHash != "" && !validHash(fs.ContentHash) {
			v.errorf(p.with("content_hash"), "%q is not sha256:<64 hex digits>", fs.ContentHash)
		}
		s.Sources = append(s.Sources, truce.Source{ID: fs.ID, Title: fs.Title, Outlet: fs.Outlet, URL: fs.URL,
			File: fs.File, Published: v.date(p.with("published"), fs.Published, true), ContentHash: fs.ContentHash})
	}
	v.zones = map[string]bool{}
	for i, fz := range f.Zones {
		p := path{"zones", i}
		v.unique(v.zones, p.with("id"), "zone", fz.ID)
		if fz.Name == "" {
			v.errorf(p.with("name"), "required")
		}
		if !slices.Contains(truce.ZoneKinds, fz.Kind) {
			v.errorf(p.with("kind"), "%q is not one of %v", fz.Kind, truce.ZoneKinds)
		}
		z := truce.Zone{ID: fz.ID, Name: fz.Name, Kind: fz.Kind, Builtin: fz.Builtin}
		switch {
		case fz.Builtin == "" && fz.Geometry == nil:
			v.errorf(p, "a zone needs a geometry (GeoJSON) or a builtin name")
		case fz.Builtin != "" && fz.Geometry != nil:
			v.errorf(p.with("geometry"), "give a geometry or a builtin name, not both")
		case fz.Geometry != nil:
			b, err := json.Marshal(fz.Geometry)
			if err != nil {
				v.errorf(p.with("geometry"), "not representable as GeoJSON: %v", err)
			}
			z.Geometry = b
		}
		s.Zones = append(s.Zones, z)
	}
	// Provisions first pass: ids, so that conditions may refer forward.
	v.provisions = map[string]*truce.Provision{}
	seenProv := map[string]bool{}
	for i, fa := range f.Agreements {
		for j, fp := range fa.Provisions {
			v.unique(seenProv, path{"agreements", i, "provisions", j, "id"}, "provision", fp.ID)
		}
	}
	for _, fa := range f.Agreements {
		for _, fp := range fa.Provisions {
			v.provisions[fp.ID] = nil
		}
	}
	v.agreements = map[string]bool{}
	for i, fa := range f.Agreements {
		p := path{"agreements", i}
		v.unique(v.agreements, p.with("id"), "agreement", fa.ID)
		if fa.Name == "" {
			v.errorf(p.with("name"), "required")
		}
		a := truce.Agreement{ID: fa.ID, Name: fa.Name, Summary: fa.Summary, ProposedBy: fa.ProposedBy, SourceIDs: fa.Sources,
			Proposed: v.date(p.with("proposed"), fa.Proposed, true)}
		v.partyList(p.with("proposed_by"), fa.ProposedBy)
		for k, id := range fa.Sources {
			v.source(p.with("sources", k), id, true)
		}
		for k, t := range fa.Texts {
			tp := p.with("texts", k)
			v.party(tp.with("party"), t.Party)
			v.source(tp.with("source"), t.Source, false)
			if t.Text == "" {
				v.errorf(tp.with("text"), "required")
			}
			a.Texts = append(a.Texts, truce.AgreementText{Party: t.Party, Title: t.Title, Source: t.Source, Text: t.Text})
		}
		for j, fp := range fa.Provisions {
			prov := v.provision(p.with("provisions", j), fa.ID, fp)
			s.Provisions = append(s.Provisions, prov)
			a.Provisions = append(a.Provisions, prov.ID)
		}
		s.Agreements = append(s.Agreements, a)
	}
	for i := range s.Provisions {
		v.provisions[s.Provisions[i].ID] = &s.Provisions[i]
	}
	for i, fp := range f.Positions {
		s.Positions = append(s.Positions, v.position(path{"positions", i}, fp))
	}
	v.talks = map[string]bool{}
	for i, ft := range f.Talks {
		p := path{"talks", i}
		v.unique(v.talks, p.with("id"), "talks", ft.ID)
		if ft.Place == "" {
			v.errorf(p.with("place"), "required")
		}
		v.partyList(p.with("participants"), ft.Participants)
		t := truce.Talks{ID: ft.ID, Title: ft.Title, Place: ft.Place, Planned: ft.Planned, Participants: ft.Participants,
			Start: v.date(p.with("start"), ft.Start, true), End: v.date(p.with("end"), ft.End, false)}
		if t.End.IsZero() {
			t.End = t.Start
		} else if t.End.Before(t.Start) {
			v.errorf(p.with("end"), "%s is before start %s", t.End, t.Start)
		}
		for k, fe := range ft.Evidence {
			t.Evidence = append(t.Evidence, v.evidence(p.with("evidence", k), fe))
		}
		s.Talks = append(s.Talks, t)
	}
	return s
}

func (v *validator) provision(p path, agreement string, fp fileProvision) truce.Provision {
	prov := truce.Provision{ID: fp.ID, Agreement: agreement, Issue: truce.Issue(fp.Issue), Title: fp.Title, Text: fp.Text,
		Parties: fp.Parties, Scope: fp.Scope}
	if !prov.Issue.Valid() {
		v.errorf(p.with("issue"), "unknown issue %q (one of %v)", fp.Issue, truce.Issues)
	}
	if fp.Title == "" {
		v.errorf(p.with("title"), "required")
	}
	if len(fp.Parties) == 0 {
		v.errorf(p.with("parties"), "required: the parties the provision binds")
	}
	v.partyList(p.with("parties"), fp.Parties)
	prov.Window = truce.Window{From: v.date(p.with("window", "from"), fp.Window.From, false), To: v.date(p.with("window", "to"), fp.Window.To, false)}
	if !prov.Window.From.IsZero() && !prov.Window.To.IsZero() && prov.Window.To.Before(prov.Window.From) {
		v.errorf(p.with("window", "to"), "%s is before from %s", prov.Window.To, prov.Window.From)
	}
	for k, z := range fp.Scope {
		if !v.zones[z] {
			v.errorf(p.with("scope", k), "unknown zone %q (declare it under zones)", z)
		}
	}
	prov.Protects = v.targets(p.with("protects"), fp.Protects)
	for k, t := range fp.Texts {
		tp := p.with("texts", k)
		v.party(tp.with("party"), t.Party)
		v.source(tp.with("source"), t.Source, false)
		prov.Texts = append(prov.Texts, truce.ProvisionText{Party: t.Party, Text: t.Text, Source: t.Source,
			Protects: v.targets(tp.with("protects"), t.Protects)})
	}
	for k, fc := range fp.Conditions {
		cp := p.with("conditions", k)
		c := truce.Condition{Kind: truce.ConditionKind(fc.Kind), Provision: fc.Provision, Days: fc.Days, Bloc: fc.Bloc, Parties: fc.Parties, Note: fc.Note}
		if err := c.Validate(); err != nil {
			v.domainError(cp, err)
		}
		if fc.Provision != "" {
			if _, ok := v.provisions[fc.Provision]; !ok {
				v.errorf(cp.with("provision"), "condition on a missing provision %q", fc.Provision)
			} else if fc.Provision == fp.ID {
				v.errorf(cp.with("provision"), "a provision cannot be conditional on itself")
			}
		}
		if fc.Bloc != "" {
			if b, ok := v.parties[fc.Bloc]; !ok {
				v.errorf(cp.with("bloc"), "unknown party %q", fc.Bloc)
			} else if b.Kind != truce.PartyBloc {
				v.errorf(cp.with("bloc"), "%s is a %s, not a bloc", fc.Bloc, b.Kind)
			}
		}
		v.partyList(cp.with("parties"), fc.Parties)
		prov.Conditions = append(prov.Conditions, c)
	}
	if len(fp.History) == 0 {
		v.errorf(p.with("history"), "required: at least the first status (e.g. proposed) with its date")
	}
	for k, fh := range fp.History {
		hp := p.with("history", k)
		v.source(hp.with("source"), fh.Source, false)
		prov.History = append(prov.History, truce.StatusChange{Status: truce.Status(fh.Status),
			Date: v.date(hp.with("date"), fh.Date, true), Source: fh.Source, Note: fh.Note})
	}
	if k, err := truce.CheckHistory(prov.History); err != nil {
		v.domainError(p.with("history", k), err)
	}
	return prov
}

func (v *validator) evidence(p path, fe fileEvidence) truce.Evidence {
	e := truce.Evidence{Source: fe.Source, Quote: strings.TrimSpace(fe.Quote), Attribution: truce.Attribution(fe.Attribution), Speaker: fe.Speaker}
	v.source(p.with("source"), fe.Source, true)
	if !e.Attribution.Valid() {
		v.errorf(p.with("attribution"), "%q is not one of %v", fe.Attribution, truce.Attributions)
	}
	return e
}

func (v *validator) position(p path, fp filePosition) truce.Position {
	pos := truce.Position{Party: fp.Party, Provision: fp.Provision, Stance: truce.Stance(fp.Stance), Condition: fp.Condition, Note: fp.Note,
		AsOf: v.date(p.with("as_of"), fp.AsOf, true)}
	v.party(p.with("party"), fp.Party)
	if prov, ok := v.provisions[fp.Provision]; !ok {
		v.errorf(p.with("provision"), "unknown provision %q", fp.Provision)
	} else if prov != nil {
		pos.Issue = prov.Issue
		if fp.Issue != "" && truce.Issue(fp.Issue) != prov.Issue {
			v.errorf(p.with("issue"), "%q, but provision %s is about %s", fp.Issue, prov.ID, prov.Issue)
		}
	}
	for k, fe := range fp.Evidence {
		pos.Evidence = append(pos.Evidence, v.evidence(p.with("evidence", k), fe))
	}
	pos.Attribution = truce.StrongestAttribution(pos.Evidence)
	if err := pos.Validate(); err != nil {
		var e *truce.Error
		// Checks already reported with a better message above are not repeated.
		if errors.As(err, &e) && !strings.HasPrefix(e.Field, "evidence.source") && !strings.HasPrefix(e.Field, "evidence.attribution") &&
			e.Field != "party" && e.Field != "as_of" && e.Field != "provision" {
			v.domainError(p, err)
		}
	}
	return pos
}

func validHash(s string) bool {
	h, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
