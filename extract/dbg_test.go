package extract
import ("testing";"fmt";"os";"strings")
func TestDbgPos(t *testing.T){
 f:=os.Getenv("DBG"); if f=="" {t.Skip()}
 grep:=os.Getenv("GREP")
 b,_:=os.ReadFile(f); a,_:=ParseArticle(f,b)
 for _,s:=range Sentences(a){
  if grep!="" && !strings.Contains(s.Text,grep) {continue}
  lc:=asciiLower(s.Text); ments:=Actors(s.Text); q:=quotedRanges(s.Text)
  for _,cl:=range clauses(s.Text){
   subj,ok:=holders(s.Text,lc,cl,ments,q)
   var names []string; for _,m:=range subj{names=append(names,m.Name)}
   var hs []string; for _,h:=range findIssues(lc[cl.start:cl.end]){hs=append(hs,fmt.Sprintf("%s%+d@%d",h.issue,h.pol,h.start))}
   fmt.Printf("CL %q\n   holders=%v ok=%v issues=%v\n", s.Text[cl.start:cl.end], names, ok, hs)
  }
 }
}
