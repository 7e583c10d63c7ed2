# Builds a browser script that defines window.hljs with highlight.js's common languages, from
# the CommonJS files of the npm package (which ships no browser build).
# Usage: cmake -DHLJS_DIR=<node_modules/highlight.js> -DOUTPUT=<file.js> -P bundlehighlight.cmake
file(READ "${HLJS_DIR}/lib/common.js" common)
string(REGEX MATCHALL "registerLanguage\\('[a-z0-9-]+', require\\('./languages/[a-z0-9-]+'\\)\\)"
    registrations "${common}")
if(NOT registrations)
    message(FATAL_ERROR "no languages found in ${HLJS_DIR}/lib/common.js")
endif()

file(READ "${HLJS_DIR}/lib/core.js" core)
set(out "/* highlight.js (BSD-3-Clause), common languages; generated from the npm package. */\n")
string(APPEND out "(function () {\n'use strict';\n")
string(APPEND out "function load(factory) { var module = { exports: {} }; factory(module, module.exports); return module.exports; }\n")
string(APPEND out "var hljs = load(function (module, exports) {\n${core}\n});\n")
foreach(registration IN LISTS registrations)
    string(REGEX REPLACE "registerLanguage\\('([a-z0-9-]+)', require\\('./languages/([a-z0-9-]+)'\\)\\)"
        "\\1;\\2" pair "${registration}")
    list(GET pair 0 name)
    list(GET pair 1 file)
    file(READ "${HLJS_DIR}/lib/languages/${file}.js" language)
    string(APPEND out "hljs.registerLanguage('${name}', load(function (module, exports) {\n${language}\n}));\n")
endforeach()
string(APPEND out "window.hljs = hljs;\n})();\n")
file(WRITE "${OUTPUT}" "${out}")
