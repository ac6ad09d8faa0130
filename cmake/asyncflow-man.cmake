# Writes the asyncflow(1) man page from the program's own help text (cmake -P):
#   cmake -DPROGRAM=path/to/asyncflow -DVERSION=0.1.0 -DOUT=asyncflow.1 -P asyncflow-man.cmake
# The page is `asyncflow --help`, then every command's `asyncflow CMD --help`, so it says
# exactly what the program says and cannot drift from it.
foreach(var PROGRAM VERSION OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "asyncflow-man.cmake needs -D${var}=...")
  endif()
endforeach()

function(help_of out)
  execute_process(COMMAND ${PROGRAM} ${ARGN} OUTPUT_VARIABLE text ERROR_VARIABLE text
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "asyncflow ${ARGN} exited ${rc}; the man page needs its help:\n${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# roff: a backslash is \e, a line starting with . or ' must be escaped with \&.
function(roff out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  string(REGEX REPLACE "\n$" "" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(top --help)
string(REGEX MATCH "commands:\n.*" listing "${top}")
string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*" names "${listing}")

string(TIMESTAMP year "%Y" UTC)
roff(synopsis "${top}")
set(page ".TH ASYNCFLOW 1 \"\" \"asyncflow ${VERSION}\" \"User Commands\"
.SH NAME
asyncflow \\- reliable one-shot messaging: simulator, model checker, proofs, Candid tool and UDP daemon
.SH SYNOPSIS
.nf
${synopsis}
.fi
.SH DESCRIPTION
A caller sends a request; the receiver processes it at most once; the caller learns exactly one
outcome. This program runs the protocol kernel in a simulator and a model checker, checks its
proofs, encodes and decodes its Candid frames, and hosts it as a UDP daemon with a SQLite ledger.
Each command below answers \\fB\\-\\-help\\fR with the text shown here.
.SH COMMANDS
")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  help_of(text ${name} --help)
  roff(text "${text}")
  string(APPEND page ".SS ${name}\n.nf\n${text}\n.fi\n")
endforeach()
string(APPEND page ".SH EXIT STATUS
0 on success, 1 when the command ran and failed (a property violated, a refused transfer, a
database that cannot be read), 2 for a command line it does not accept.
.SH SEE ALSO
The documentation installed with the sources: README.md, docs/protocol.md, docs/hosts.md,
docs/model.md, docs/embedding.md, docs/compatibility.md.
")
file(WRITE ${OUT} "${page}")
