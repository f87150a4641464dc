# ctest translations_current: the translation files hold every string the sources show, as
# `cmake --build build --target update_translations` would write them. Run with
#   -DLUPDATE=... -DSOURCES="dir;dir" -DTEMPLATE=... -DPLURALS=... -DWORK=<scratch folder>
foreach(pair "${TEMPLATE};" "${PLURALS};-pluralonly")
    list(GET pair 0 committed)
    list(LENGTH pair n)
    set(extra "")
    if(n GREATER 1)
        list(GET pair 1 extra)
    endif()
    get_filename_component(name "${committed}" NAME)
    file(MAKE_DIRECTORY "${WORK}")
    file(COPY_FILE "${committed}" "${WORK}/${name}")
    execute_process(COMMAND "${LUPDATE}" -silent -no-obsolete -locations none ${extra} ${SOURCES}
                            -ts "${WORK}/${name}"
                    RESULT_VARIABLE failed)
    if(failed)
        message(FATAL_ERROR "lupdate failed on ${name}")
    endif()
    file(READ "${committed}" before)
    file(READ "${WORK}/${name}" after)
    if(NOT before STREQUAL after)
        message(FATAL_ERROR "${committed} is out of date with the sources: run "
                            "`cmake --build build --target update_translations` and commit the result")
    endif()
endforeach()
