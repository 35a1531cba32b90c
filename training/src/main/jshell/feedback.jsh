/set mode jgrad -command
/set prompt jgrad "\njgrad> " "   ...> "
/set format jgrad pre "|  "
/set format jgrad post "%n"
/set format jgrad errorpre "|  "
/set format jgrad errorpost "%n"
/set format jgrad errorline "{post}{pre}    {err}"
/set format jgrad err "%6$s"
/set format jgrad name "%1$s"
/set format jgrad type "%2$s"
/set format jgrad value "%3$s"
/set format jgrad result "{name} ==> {value}{post}" added,modified,replaced-ok-primary
/set format jgrad display "{result}" added,modified,replaced-expression,varvalue,assignment,varinit,vardecl-ok-primary
/set format jgrad display "{pre}defined method {name}({type}){post}" added,modified,replaced-method-primary
/set format jgrad display "{pre}defined {name}{post}" added,modified,replaced-class,interface,enum,annotation,record-primary
/set truncation jgrad 20000
