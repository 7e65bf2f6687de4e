"""Every problem code cpss reports, with what it means and how to fix it: the data of the catalogue
(`cpss_advisor.core.error_codes`). One entry per code; a family of codes built while running is one entry with its
pattern and members."""

from __future__ import annotations

from .error_model import _IN_ANY_FILE, WARNING, ErrorCode, _entry, _pydantic_checks
from .errors import EXIT_BAD_INPUT, EXIT_INVALID_KNOWLEDGE, MORE_PROBLEMS
from .i18n import N_

ENTRIES: tuple[ErrorCode, ...] = (
    # --- reading a file ----------------------------------------------------------------------------------------
    _entry("not-found", "file",
           N_("The file or directory named does not exist (for --knowledge and --rules: the directory)."),
           N_("Check the path: it is read relative to the current directory. --knowledge and --rules take a "
              "directory of YAML files.")),
    _entry("is-directory", "file", N_("A directory was given where one file is expected."),
           N_("Give the path of one file, such as the assessment's .yaml, .json or .xlsx file."), (EXIT_BAD_INPUT,)),
    _entry("not-a-file", "file",
           N_("The path names a device, a pipe or another special file; cpss reads only regular files."),
           N_("Save the content to a file and give that file's path."), (EXIT_BAD_INPUT,)),
    _entry("unreadable", "file",
           N_("The file (or a directory given to 'cpss portfolio') cannot be read: permission denied, or another "
              "error of the system."),
           N_("Check its permissions. A workbook open in Excel may be locked: close it there and run again.")),
    _entry("too-large", "file",
           N_("The file is larger than cpss reads for its kind, or it grows past the limit when read (YAML anchors "
              "used many times, a workbook's packed parts); the message gives the limit."),
           N_("Check that this is the right file: an assessment is a few kilobytes, a workbook tens of kilobytes. "
              "Move other data to a file of its own.")),
    _entry("binary", "file",
           N_("The file is not text: it holds NUL bytes, or it is a spreadsheet or another binary file given where "
              "YAML or JSON text is read."),
           N_("Give the YAML or JSON file. A workbook is read as one when its name ends in .xlsx.")),
    _entry("encoding", "file",
           N_("The text is not UTF-8 (for example UTF-16, as some editors save), or it holds an invalid Unicode "
              "escape."),
           N_("Save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8). Remove \\uD800-\\uDFFF escapes.")),
    _entry("unsupported-format", "file",
           N_("The file is a CSV, tab-separated, OpenDocument (.ods), Excel 97-2003 (.xls) or Numbers file, which "
              "cpss does not read."),
           N_("Use the Excel template ('cpss template --format xlsx -o assessment.xlsx'), saved as .xlsx, or a YAML "
              "assessment ('cpss template -o assessment.yaml')."), (EXIT_BAD_INPUT,)),
    _entry("empty", "file",
           N_("The file is empty or holds only comments; or the directory given with --knowledge or --rules holds "
              "no .yaml files."),
           N_("Fill in the file ('cpss template' writes a blank assessment to start from), or give the directory "
              "that holds the files.")),
    _entry("syntax", "file",
           N_("The file is not valid YAML or JSON (a decision record: not valid JSON); the message says where the "
              "reader stopped."),
           N_("Correct the text at the line and column given. YAML indents with spaces, never tabs, and a value "
              "holding ': ' must be quoted.")),
    _entry("too-deep", "file", N_("The document is nested more than 64 levels deep."),
           N_("Check that this is the right file: an assessment is a few sections of simple entries.")),
    _entry("unsupported-yaml", "file",
           N_("The file uses a YAML feature that cpss does not read, such as a tag ('!!binary', '!custom')."),
           N_("Write plain text, numbers, lists and mappings, without tags.")),
    _entry("complex-key", "file", N_("A key of a mapping is a list or a mapping instead of text or a number."),
           N_("Write keys as plain text or numbers, for example \"3.3\": 2.")),
    _entry("merge-key", "file", N_("The file uses a YAML merge key ('<<: *anchor'), which cpss does not read."),
           N_("Write the entries out in full.")),
    _entry("not-mapping", "file", N_("The top level of the file is a list, a text or a number, not a set of fields."),
           N_("Start the file with its fields; an assessment starts with 'schema_version: 1' and 'country: ...'.")),
    _entry("duplicate-key", "file",
           N_("A key appears twice in the same mapping (also when written once as 3.3 and once as \"3.3\")."),
           N_("Keep one entry for the key: remove or merge the repeated one.")),
    _entry("control-character", "file",
           N_("A text holds an invisible control character (such as ESC or NUL), or a text that must stay on one "
              "line (a key, an id, a workbook cell of one line) holds a tab or a line break."),
           N_("Retype the text without the character; keep one-line texts on one line.")),
    _entry("number-too-long", "file",
           N_("A number has far more digits than any value here: more than 100 (in a decision record, thousands)."),
           N_("Numbers here have a few digits (a phase, a count, months): correct the value, or check that this is "
              "the right file.")),
    _entry("bad-number", "file",
           N_("A number cannot be read; in a rule or rule case, a number is not one the rule engine reads exactly (a "
              "finite number in plain notation, within 10^15, with few decimal places)."),
           N_("Write the number plainly, for example 2.5 or 0.0001, not .nan, .inf or 1e-05.")),
    _entry("wrong-kind", "file",
           N_("The file's 'kind' is not the one this command reads: an answer sheet has 'kind: assessment_answers', a "
              "scenario file 'kind: scenarios', a rule file 'kind: rules'."),
           N_("Give this command the right file, or correct its 'kind' line.")),

    # --- fields and values -------------------------------------------------------------------------------------
    _entry("unknown-field", "fields",
           N_("A field is not one this kind of file has, often because of a misspelling; in a rule or case, the fact "
              "type has no field of that name."),
           N_("Correct the name (the hint gives the closest and lists the allowed fields), or remove the field.")),
    _entry("missing-field", "fields",
           N_("A required field is missing (an assessment needs schema_version, country and as_of); in a rule or "
              "case, a fact lacks a field it needs."),
           N_("Add the field the message names.")),
    _entry("wrong-type", "fields",
           N_("A value is of the wrong kind: text where a number is expected, a list where a mapping is, and so on."),
           N_("Write the value as the message says is expected; write subdomain ids in quotes, like \"3.3\".")),
    _entry("not-allowed", "fields",
           N_("A value is not one that the field allows (for example a schema_version other than 1, or a confidence "
              "other than low, medium or high)."),
           N_("Use one of the values the message lists.")),
    _entry("bad-format", "fields",
           N_("A text is not in the form its field needs, for example an id with capital letters or spaces."),
           N_("Write it in the form the hint gives: subdomain ids like \"3.3\", other ids in lower-case letters, "
              "digits, '-', '_' and '.'.")),
    _entry("invalid-value", "fields",
           N_("A value fails a check of its field, or fields contradict each other; the message says which."),
           N_("Correct the value as the message says.")),
    _entry("{pydantic-check}", "fields",
           N_("A value breaks a limit of its field: a text or a list too long or too short, a number out of range, "
              "and other checks, each code named after the check (for example string-too-long, too-short, "
              "greater-than-equal)."),
           N_("Bring the value within the limit the message gives."),
           members=_pydantic_checks(), examples=("string-too-long", "too-short", "too-long", "greater-than-equal")),

    # --- assessments -------------------------------------------------------------------------------------------
    _entry("nothing-rated", "assessment",
           N_("The assessment rates no subdomain (and has no case management checklist): a blank template, for "
              "example."),
           N_("Give each subdomain you rate its phase under 'ratings:' (in a workbook: the Phase column of the "
              "Ratings sheet); 'cpss kb show 3.3' prints a subdomain's criteria for each phase.")),
    _entry("placeholder-country", "assessment",
           N_("The country is still the template's placeholder, 'Country name' (a warning; an error in an assessment "
              "that rates nothing)."),
           N_("Write the country's name."), (WARNING, EXIT_BAD_INPUT)),
    _entry("future-date", "assessment",
           N_("as_of, the date the ratings describe, is more than a year after today (or after the day "
              "SOURCE_DATE_EPOCH names)."),
           N_("Check the year of as_of."), (WARNING,)),
    _entry("unknown-subdomain", "assessment",
           N_("A subdomain id (in an assessment, an answer sheet, a scenario file, a consensus's decisions or on the "
              "command line) is not one "
              "of the knowledge base's subdomains, the 19 of the CPSS benchmarks from \"1.1\" to \"7.3\"."),
           N_("Use an id such as \"3.3\", quoted in YAML; the hint names the closest, and 'cpss template' lists them "
              "all.")),
    _entry("unknown-context", "assessment",
           N_("A context id (in an assessment, an answer sheet or a scenario file) is not in the context catalogue."),
           N_("Use an id that 'cpss kb contexts' lists; the hint names the closest.")),
    _entry("repeated-context", "assessment",
           N_("A context is listed twice (a warning in a YAML or JSON assessment; two rows for one context of a "
              "workbook are an error)."),
           N_("Keep one entry, or one row, for it."), (WARNING, EXIT_BAD_INPUT)),
    _entry("contradictory-context", "assessment",
           N_("Two contexts that cannot hold at once are both given, such as two stages of a crisis."),
           N_("Keep the one that describes the situation; 'cpss kb contexts' shows which contexts exclude each "
              "other.")),
    _entry("incomplete-context", "assessment",
           N_("A context needs one of a set of other contexts to go with it (an error), or should come with one (a "
              "warning), such as a shock with the stage of the response to it."),
           N_("Add one of the contexts the message lists, or remove the context."), (WARNING, EXIT_BAD_INPUT)),
    _entry("unknown-figure", "assessment",
           N_("A figure (under 'figures:' or on the Figures sheet) is not one that a case management standard "
              "measures."),
           N_("Use a figure name that the hint lists, or remove it.")),
    _entry("prior-phase-not-above", "assessment",
           N_("A rating's prior_phase, the phase the subdomain had before a shock set it back, is not above its "
              "phase."),
           N_("Leave prior_phase out when nothing was lost, or correct it.")),
    _entry("target-unrated", "assessment",
           N_("A subdomain has a target but no rating, so the plan cannot tell how far it has to go."),
           N_("Rate the subdomain, or remove its target."), (WARNING,)),
    _entry("target-reached", "assessment",
           N_("A target is not above the subdomain's rating, so no step is planned for it."),
           N_("Raise the target, or write 'keep' to leave the subdomain where it is."), (WARNING,)),
    _entry("bad-phase", "assessment",
           N_("A phase is neither a number 1-4 nor a phase name (building, enhancement, integration, maturity)."),
           N_("Write the number or the name of the phase; the hint names the closest name.")),
    _entry("bad-phase-range", "assessment", N_("A phase number is outside 1-4."),
           N_("Phases are 1 building, 2 enhancement, 3 integration and 4 maturity.")),
    _entry("bad-target", "assessment", N_("A target is neither a phase (1-4 or a phase name) nor 'keep'."),
           N_("Write the phase the subdomain should reach, or 'keep' to leave it where it is.")),
    _entry("bad-figure", "assessment",
           N_("A figure is not a number, is negative, or is more than 1,000,000."),
           N_("Write the count or number of months as a plain number of 0 or more.")),
    _entry("bad-date", "assessment",
           N_("A date (as_of, also of an answer sheet or a case management file) is not a real date in the form "
              "YYYY-MM-DD, such as 2026-13-45."),
           N_("Write it as YYYY-MM-DD; the message says what is wrong with it.")),
    _entry("bad-one-line", "assessment",
           N_("The country name (or a participant's name) holds a line break, a tab or another control character."),
           N_("Write the name on one line.")),
    _entry("bad-context", "assessment", N_("context is written as one text instead of a list of context ids."),
           N_("Write a list, for example context: [armed_conflict, protracted_crisis].")),

    # --- case management checklist -----------------------------------------------------------------------------
    _entry("case-management-file", "case-management",
           N_("A case management assessment (kind: case_management_assessment) was given where a CPSS assessment is "
              "read."),
           N_("Run 'cpss cm' on it, or copy its done list into the 'case_management:' section of a CPSS assessment.")),
    _entry("no-case-management", "case-management",
           N_("'cpss cm' was given a CPSS assessment without a 'case_management:' section."),
           N_("Add the section, listing the checklist actions that are done, for example "
              "case_management: {done: [cm-1-1-external-context-assessment]}.")),
    _entry("unknown-action", "case-management", N_("A checklist action id is not in the case management checklist."),
           N_("Use an id of knowledge/case_management.yaml; the hint names the closest, and 'cpss cm' shows each "
              "dimension's next actions.")),
    _entry("repeated-action", "case-management",
           N_("A checklist action is listed twice (a warning in a done list; two rows for one action of a workbook "
              "are an error)."),
           N_("Keep one entry, or one row, for it."), (WARNING, EXIT_BAD_INPUT)),
    _entry("bad-done", "case-management", N_("done is written as one text instead of a list of checklist action ids."),
           N_("Write a list, for example done: [cm-1-1-external-context-assessment].")),

    # --- workbooks ---------------------------------------------------------------------------------------------
    _entry("not-a-workbook", "workbook",
           N_("The .xlsx file is not a readable Excel workbook: an Excel 97-2003 (.xls), password-protected, "
              "OpenDocument, damaged or empty file."),
           N_("Save it from the spreadsheet program as 'Excel Workbook (.xlsx)', without a password, or start from "
              "'cpss template --format xlsx'.")),
    _entry("bad-word-template", "file",
           N_("The Word template given with --template is not a Word document cpss can write the brief into (a .doc, "
              "a .dotx or .docm, an OpenDocument text, a damaged or oversized file)."),
           N_("Open it in Word or LibreOffice Writer and save it as 'Word Document (.docx)'; or leave --template out "
              "for the shipped style.")),
    _entry("missing-sheet", "workbook",
           N_("A sheet the workbook needs (Assessment, Ratings, Context or Figures) is missing or renamed."),
           N_("Restore the sheet or its name, or start from 'cpss template --format xlsx'.")),
    _entry("missing-header", "workbook",
           N_("A sheet has no header row with the columns cpss looks for (such as Subdomain and Phase) in its first "
              "rows."),
           N_("Restore the header row from 'cpss template --format xlsx': columns are found by their header names.")),
    _entry("too-many-rows", "workbook", N_("A sheet has values after row 2,000, which are not read."),
           N_("Move other data to another workbook, or clear those rows.")),
    _entry("repeated-row", "workbook",
           N_("A label of the Assessment sheet (Country, As of, Notes, ...) is in two rows."), N_("Keep one row for it.")),
    _entry("repeated-subdomain", "workbook", N_("Two rows of the Ratings sheet are for the same subdomain."),
           N_("Keep one row per subdomain.")),
    _entry("repeated-figure", "workbook", N_("Two rows of the Figures sheet are for the same figure."),
           N_("Keep one row per figure.")),
    _entry("bad-yes-no", "workbook",
           N_("A Yes/No cell (Applies on the Context sheet, Done on the Case management sheet) holds something else."),
           N_("Choose Yes or No from the drop-down.")),
    _entry("no-subdomain", "workbook",
           N_("A row of the Ratings sheet has a phase, confidence, evidence or target but no subdomain id."),
           N_("Write the subdomain id in the row, or clear the row.")),
    _entry("no-context", "workbook", N_("A row of the Context sheet says Yes but has no context id."),
           N_("Write the context id in the row, or clear the row.")),
    _entry("no-figure", "workbook", N_("A row of the Figures sheet has a value but no figure name."),
           N_("Write the figure's name in the row, or clear the row.")),
    _entry("no-action", "workbook", N_("A row of the Case management sheet says Yes but has no action id."),
           N_("Write the action id in the row, or clear the row.")),
    _entry("workbook-open", "workbook",
           N_("The workbook is open in another program (a lock file is beside it), so cpss reads its last saved "
              "version, without the changes not saved yet."),
           N_("Save it in the spreadsheet program and run again; if no program has it open, delete the stale lock "
              "file the message names."), (WARNING, EXIT_BAD_INPUT)),

    # --- answer sheets -----------------------------------------------------------------------------------------
    _entry("answers", "answer-sheet",
           N_("'cpss assess' has no answer sheet to read (the file does not exist and the session is not "
              "interactive), or no subdomain can be rated from its answers."),
           N_("Run 'cpss assess FILE --interactive' to answer the questions, or answer at least one subdomain's "
              "questions yes, partly or no.")),
    _entry("unknown-question", "answer-sheet", N_("An answer is given for a question id the questionnaire does not have."),
           N_("Correct the id (the hint names the closest), or remove the answer.")),
    _entry("bad-answer", "answer-sheet", N_("An answer is not one of yes, partly, no and unknown."),
           N_("Write one of yes, partly, no and unknown.")),
    _entry("invalid-assessment", "answer-sheet",
           N_("The assessment 'cpss assess' would make from the answers would not be valid, so it is not written; "
              "its problems follow."),
           N_("Correct the answer sheet (country, date, context, notes) and run again.")),

    # --- what-if -----------------------------------------------------------------------------------------------
    _entry("bad-scenario", "scenario",
           N_("A what-if change on the command line is wrong: --set not of the form SUBDOMAIN=PHASE, or an unknown "
              "subdomain, phase, context or shock preset."),
           N_("Write changes like --set 3.3=2, --context +acute_onset, --context -law_reform_window, and --shock with "
              "a preset that 'cpss kb shocks' lists.")),
    _entry("unknown-shock", "scenario", N_("A scenario names a shock preset the knowledge base does not have."),
           N_("Use a preset that 'cpss kb shocks' lists; the hint names the closest.")),
    _entry("duplicate-name", "scenario", N_("Two scenarios of a scenario file have the same name."),
           N_("Give each scenario a name of its own.")),
    _entry("bad-version", "scenario", N_("A scenario file's schema_version is not 1."), N_("Write schema_version: 1.")),

    # --- portfolios --------------------------------------------------------------------------------------------
    _entry("no-assessments", "portfolio", N_("'cpss portfolio' found no assessment file in the files and directories "
              "given."),
           N_("Give assessment files (.yaml, .yml, .json, .xlsx) or directories that hold them.")),
    _entry("different-country", "assessment",
           N_("The two assessments given to 'cpss compare' are of different countries (names compared without regard "
              "to case and spacing); the problem is placed at the later assessment's country."),
           N_("Give two assessments of one country. To put countries side by side, use 'cpss portfolio'.")),
    _entry("not-later", "assessment",
           N_("The later assessment given to 'cpss compare OLD NEW' is not dated after the earlier one (its as_of is "
              "the same or earlier). The comparison goes on, reading the first file as the earlier assessment."),
           N_("Give the earlier assessment first; or check the as_of dates."), (WARNING,)),
    _entry("no-valid-assessment", "portfolio",
           N_("None of the assessment files given to 'cpss portfolio' is valid (the problems of each are listed), so "
              "there is nothing to compare."),
           N_("Check the files one at a time with 'cpss validate FILE'.")),

    # --- consensus ---------------------------------------------------------------------------------------------
    _entry("bad-participant", "consensus",
           N_("'cpss consensus' was given no assessment, a number of --name options other than the number of files, or "
              "a participant's name that is not one line of 1-200 characters."),
           N_("Give one --name per file, in the same order, or none (names then come from each file's "
              "'participant:', else from the file's name).")),
    _entry("too-many-participants", "consensus", N_("More than 50 participants' assessments were given."),
           N_("Group the participants and give each group's ratings in one file.")),
    _entry("duplicate-participant", "consensus",
           N_("Two participants have the same name (two files, or a name listed twice under consensus: "
              "participants)."),
           N_("Give each file a 'participant:' of its own, or name the files with --name.")),
    _entry("unknown-participant", "consensus",
           N_("A decision's agreed_by, or a rating of an assessment's consensus section, names someone who is not "
              "among the participants."),
           N_("Use the participants' names as the consensus shows them; the hint names the closest.")),
    _entry("mismatched-country", "consensus", N_("The participants' assessments are not all of the same country."),
           N_("Give the assessments of one country; compare countries with 'cpss portfolio'.")),
    _entry("mismatched-knowledge", "consensus",
           N_("A participant's assessment names subdomains or contexts that the knowledge base in use does not have: "
              "it was read against another knowledge base."),
           N_("Read every participant's assessment with the same knowledge base.")),
    _entry("undecided", "consensus",
           N_("The participants disagree on a subdomain and the decisions give no agreed phase for it."),
           N_("Add the subdomain to the decisions file with its phase, agreed_by (the participants who agreed) and "
              "evidence.")),
    _entry("consensus-mismatch", "consensus",
           N_("The agreed phase of a subdomain under consensus: is not the subdomain's rating (or it is not rated)."),
           N_("Make the rating and the agreed phase the same: the agreed phase is the rating that is planned.")),

    # --- decision records --------------------------------------------------------------------------------------
    _entry("not-a-record", "record",
           N_("The file given to 'cpss verify' or 'cpss explain' is not a decision record."),
           N_("Give a record written by 'cpss recommend ASSESSMENT --record FILE'.")),
    _entry("record-version", "record", N_("The decision record has a format that this version of cpss does not read."),
           N_("Read it with the version of cpss that wrote it.")),
    _entry("truncated", "record", N_("The decision record ends before its JSON is complete, as after an interrupted "
              "copy."),
           N_("Copy the record again, or write a new one with 'cpss recommend ASSESSMENT --record FILE'.")),
    _entry("bad-record", "record",
           N_("The workbook embedded in the decision record is not valid base64, so it cannot be read back."),
           N_("The record is damaged: write a new one with 'cpss recommend ASSESSMENT --record FILE'.")),
    _entry("bad-timestamp", "record", N_("The record's 'created' field is not a time in UTC, such as "
              "2026-06-30T12:00:00Z."),
           N_("cpss writes this field itself: write the record again rather than edit it.")),
    _entry("bad-epoch", "record",
           N_("The environment variable SOURCE_DATE_EPOCH, which fixes the time a decision record says it was made, "
              "is not a whole number of seconds since 1970-01-01 UTC."),
           N_("Unset it to use the clock, or set it like SOURCE_DATE_EPOCH=1782777600.")),
    _entry("unknown-step", "record", N_("The id given to 'cpss explain RECORD ID' is not a step or action of the record."),
           N_("Use an id of the record, such as 3.3:1-2; the hint names the closest or lists them.")),
    _entry("record-of-other-assessment", "record",
           N_("The decision record given to 'cpss compare OLD NEW --record FILE' was made from another assessment than "
              "OLD (its input's sha256 differs): its plan is not the plan being followed up. The message names both "
              "files."),
           N_("Give the record made from OLD ('cpss recommend OLD --record FILE'), or compare the assessment the "
              "record was made from.")),

    # --- knowledge base ----------------------------------------------------------------------------------------
    _entry("unknown-kind", "knowledge", N_("A knowledge file has no 'kind', or one that no knowledge file has."),
           N_("Set 'kind' to one of the kinds the hint lists.")),
    _entry("missing-kind", "knowledge",
           N_("The knowledge base has no file of a kind it needs (sources, framework, vocabulary, phase criteria, "
              "interventions, dependencies, contexts, planning)."),
           N_("Add the file; docs/knowledge.md describes the files a knowledge base needs.")),
    _entry("duplicate-file", "knowledge",
           N_("The knowledge base has a second vocabulary, planning or case management instrument file; there is "
              "one of each."),
           N_("Keep one file of that kind.")),
    _entry("duplicate-id", "knowledge",
           N_("An id is defined twice: of a knowledge entry (source, subdomain, intervention, edge, context, ...) or "
              "of a rule."),
           N_("Give each entry its own id; the hint says where the first one is.")),
    _entry("phases", "knowledge", N_("The framework does not define exactly the phases 1, 2, 3 and 4."),
           N_("Define each of the four phases once.")),
    _entry("misplaced-subdomain", "knowledge",
           N_("A subdomain's id does not start with the number of the intermediate outcome it is listed under."),
           N_("Move it under the outcome its id names.")),
    _entry("uncited", "knowledge", N_("A level of the case management instrument has no source."),
           N_("Add a 'source' citation to the level.")),
    _entry("criteria-missing", "knowledge", N_("A subdomain has no criteria for one or more of the four phases."),
           N_("Add a phase_criteria entry for each phase the message names.")),
    _entry("duplicate-value", "knowledge",
           N_("A list of an intervention names the same value twice, or a shock preset sets one subdomain back twice."),
           N_("Remove the repeated value.")),
    _entry("step-uncovered", "knowledge",
           N_("A step of a subdomain (1->2, 2->3 or 3->4) has no intervention that applies in any context."),
           N_("Add an intervention with this subdomain, this step and 'contexts: []'.")),
    _entry("self-edge", "knowledge", N_("A dependency makes a subdomain need itself."),
           N_("Remove it: the order of a subdomain's own phases is implied.")),
    _entry("duplicate-edge", "knowledge",
           N_("Two dependencies say that a subdomain reaching the same phase needs the same other subdomain."),
           N_("Keep one of them, with the higher threshold.")),
    _entry("interim-elsewhere", "knowledge",
           N_("An interim dependency names an interim measure that is not for the step it stands in for."),
           N_("List that subdomain and step in the interim measure, or name another one.")),
    _entry("cycle", "knowledge", N_("The dependencies form a cycle, so no step could ever be scheduled first."),
           N_("Remove or weaken one dependency of the cycle the message shows.")),
    _entry("restore-triggered", "knowledge",
           N_("A restore action has triggers; restore actions apply where a rating records a phase lost to a shock."),
           N_("Remove its 'triggers'.")),
    _entry("untriggered", "knowledge",
           N_("A respond, protect, surge or enable action has no triggers, so it would never apply."),
           N_("List the stages and contexts it applies in.")),
    _entry("unlisted-response", "knowledge",
           N_("A response or restore intervention belongs to no response action, so no plan would use it."),
           N_("List it in an action of knowledge/response.yaml.")),
    _entry("restore-mismatch", "knowledge",
           N_("A restore action lists an intervention that is not for restoring, or another action lists one that is."),
           N_("Restore actions list restore interventions, and only they do.")),
    _entry("duplicate-restore", "knowledge", N_("A subdomain has more than one restore action."), N_("Keep one.")),
    _entry("duplicate-setting", "knowledge",
           N_("Two planning settings are for the same stage, or both for the stable setting."),
           N_("Keep one setting per stage.")),
    _entry("setting-missing", "knowledge",
           N_("The planning file has no setting for a stage of the context catalogue, or none for the stable setting."),
           N_("Add a setting with 'context: STAGE', or one without 'context' for the stable setting.")),
    _entry("unknown-action-type", "knowledge", N_("An action type is not one of the vocabulary's action types."),
           N_("Use an action type of the vocabulary file; the hint names the closest.")),
    _entry("unknown-duration-band", "knowledge", N_("A duration band is not one of the vocabulary's duration bands."),
           N_("Use a duration band of the vocabulary file; the hint names the closest.")),
    _entry("unknown-{what}", "knowledge",
           N_("A knowledge entry refers to something the knowledge base does not have: a source, subdomain, "
              "context, stage, action type, actor, duration band, interim measure, intervention or case management "
              "dimension."),
           N_("Correct the reference (the hint names the closest, or lists those known), or add the entry it refers "
              "to."),
           members=("unknown-action-type", "unknown-actor", "unknown-context", "unknown-dimension",
                    "unknown-duration-band", "unknown-interim-measure", "unknown-intervention", "unknown-source",
                    "unknown-stage", "unknown-subdomain")),
    _entry("missing-category", "knowledge",
           N_("The context catalogue has no context of a category it needs (shock, stage, opportunity)."),
           N_("Add a context of that category.")),
    _entry("cm-levels", "knowledge", N_("The case management instrument does not define levels 1, 2, 3 and 4 once each."),
           N_("Define each of the four levels once.")),
    _entry("cm-empty", "knowledge", N_("A case management dimension has neither transitions nor sub-dimensions."),
           N_("Give it transitions, or sub-dimensions that have them.")),
    _entry("cm-transitions", "knowledge",
           N_("A case management dimension or sub-dimension does not have one transition from each of the levels 1, "
              "2 and 3."),
           N_("Give it exactly one transition from each of these levels.")),
    _entry("cm-subdimension", "knowledge",
           N_("A sub-dimension's id does not start with the id of the dimension it sits under."),
           N_("Move it, or correct its id.")),
    _entry("duplicate-metric", "knowledge", N_("Two case management standards measure the same figure."),
           N_("Keep one standard per figure.")),
    _entry("standard-subdomain", "knowledge",
           N_("A case management standard weighs on a subdomain that its dimension does not inform."),
           N_("Choose one of the subdomains the hint lists.")),
    _entry("preset-without-shock", "knowledge", N_("A shock preset names no context of the category shock."),
           N_("Add the shock to its 'context'.")),
    _entry("preset-stages", "knowledge", N_("A shock preset names more than one stage."),
           N_("Keep one stage in its 'context'.")),
    _entry("no-questions", "knowledge", N_("The questionnaire has no questions for a subdomain."),
           N_("Add the subdomain's questions.")),
    _entry("phase-without-question", "knowledge",
           N_("The questionnaire asks nothing about one of the phases 2-4 of a subdomain."),
           N_("Add at least one question for each phase the message names.")),

    # --- translations of the knowledge base ---------------------------------------------------------------------
    _entry("translation-missing", "knowledge",
           N_("A text of the knowledge base or the rules has no translation in a language of i18n/<language>/; "
              "the English text is shown instead. A warning: a language may be partial ('cpss kb check --lang fr "
              "--complete' makes it an error)."),
           N_("Add the entry (its key, the translated fields and en: the fingerprint the check gives) to a file of "
              "i18n/<language>/."), (WARNING, EXIT_INVALID_KNOWLEDGE)),
    _entry("translation-stale", "knowledge",
           N_("The English text changed after it was translated (the entry's 'en' fingerprint differs), or the entry "
              "has no fingerprint; the English text is shown until the translation is checked. A warning unless "
              "--complete."),
           N_("Compare the translation with the English text, correct it, then set en: to the fingerprint the hint "
              "gives."), (WARNING, EXIT_INVALID_KNOWLEDGE)),
    _entry("translation-unknown-id", "knowledge",
           N_("A translation's key names no entry of the knowledge base or the rules."),
           N_("Correct the key (the hint names the closest), or remove the entry if its English entry was removed.")),
    _entry("translation-unknown-field", "knowledge",
           N_("A translation gives a field that its English entry does not have, or that is not translated."),
           N_("Use the fields the hint lists (such as title and description).")),
    _entry("translation-placeholders", "knowledge",
           N_("A translated template does not keep the {placeholders} of its English text exactly, or has a lone "
              "brace."),
           N_("Copy every {placeholder} unchanged from the English text; translate only the words around them.")),
    _entry("translation-invalid", "knowledge",
           N_("A translation file or entry is not in the expected shape (kind: translations, schema_version: 1, "
              "language, entries of field: text), an entry is translated twice, a list of texts has not as many "
              "items as in English, or a language code is not valid."),
           N_("Follow the shape in docs/knowledge.md (Translations); the message says what is wrong.")),

    # --- rule sets ---------------------------------------------------------------------------------------------
    _entry("unknown-rule", "rules",
           N_("A rule id, on the command line of 'cpss rules show' or in a rule case, is not a rule of the rule set."),
           N_("Correct the id (the hint names the closest); 'cpss rules list' shows them."),
           (EXIT_BAD_INPUT, EXIT_INVALID_KNOWLEDGE)),
    _entry("missing-case", "rules", N_("A rule has no case where it fires, or none where it does not fire."),
           N_("Add cases to the .cases.yaml file beside the rules.")),
    _entry("duplicate-case", "rules", N_("A rule has two cases with the same name."), N_("Give each case its own name.")),
    _entry("empty-case", "rules", N_("A rule case gives no facts, so it tests nothing."),
           N_("List the facts the rule reads under 'given'.")),
    _entry("bad-case", "rules", N_("A case where the rule does not fire lists facts it derives."),
           N_("Remove 'derives' from the case, or expect the rule to fire.")),
    _entry("case-never-evaluated", "rules",
           N_("A rule case gives no fact that the rule reads, even through facts other rules derive, so the rule is "
              "never tried on it."),
           N_("Give the facts the rule reads; the hint lists them.")),
    _entry("case-failed", "rules", N_("'cpss rules test': a rule case did not give the result it expects."),
           N_("Correct the rule or the case; 'cpss rules test --rule ID -v' shows each case.")),
    _entry("unknown-fact", "rules", N_("A rule or case names a fact type that does not exist."),
           N_("Use a fact type the hint names; docs/rules.md lists them.")),
    _entry("duplicate-alias", "rules", N_("Two patterns of one rule use the same alias ('as')."),
           N_("Give each pattern its own alias.")),
    _entry("bad-derive", "rules", N_("A derive item does not name exactly one fact type."),
           N_("Write each item as '- FACT_TYPE: {field: value, ...}'.")),
    _entry("not-derivable", "rules", N_("A rule derives an input fact, which only the assessment gives."),
           N_("Derive one of the fact types the hint lists.")),
    _entry("bad-template", "rules",
           N_("A text with placeholders (a rationale, a derived text) has one that is not {alias.field} or "
              "{alias.field|filter}, names an unknown alias or field, or an unknown filter."),
           N_("Correct the placeholder as the message says.")),
    _entry("bad-condition", "rules",
           N_("A condition does not have exactly one operator, or 'in' is not given a list of values."),
           N_("Write one operator per condition, such as {ge: 2}, or {in: [a, b]}.")),
    _entry("unknown-operator", "rules", N_("A condition uses an operator other than eq, ne, lt, le, gt, ge and in."),
           N_("Use one of these operators; the hint names the closest.")),
    _entry("not-comparable", "rules",
           N_("A field whose values have no order (not a number, phase, step or level) is compared with lt, le, gt or "
              "ge."),
           N_("Compare it with eq, ne or in.")),
    _entry("bad-reference", "rules",
           N_("A value starting with $ is not a reference of the form $alias.field, or is used where no reference "
              "may be (inside 'in')."),
           N_("Write the reference as $alias.field, or list constants in 'in'.")),
    _entry("unknown-alias", "rules", N_("A reference names an alias that no earlier pattern of the rule defines."),
           N_("Define the alias with 'as' in an earlier pattern, or correct the reference.")),
    _entry("bad-value", "rules",
           N_("A value in a rule or case is not allowed for its field: an unknown subdomain or context, or a value "
              "outside the field's choices."),
           N_("Use a value the message lists; the hint names the closest.")),
    _entry("too-many-patterns", "rules",
           N_("A rule joins more than 6 patterns, more than the rule engine holds for one match."),
           N_("Split the rule, or derive an intermediate fact.")),
    _entry("too-many-rules", "rules",
           N_("The rule set has more than 150 rules, more than run safely in one rule engine."),
           N_("Merge rules that differ only in a constant, for example with 'in:'.")),
    _entry("join-too-large", "rules",
           N_("A rule joins more than 20,000 combinations of facts, which the rule engine would all hold in memory."),
           N_("Tie each pattern to an earlier one on a field (such as subdomain: $c.subdomain), or narrow it with a "
              "constant.")),
    _entry("engine-limit", "rules",
           N_("The rule set would overflow one of the rule engine's fixed tables (conditions tried at once, patterns "
              "ending on one node, branches after one condition)."),
           N_("Follow the hint: fewer patterns over the fact type, shared conditions first, or fewer distinct "
              "constants.")),
    _entry("engine-refused", "rules",
           N_("The rule engine (durable-rules) refused the rule set or a fact while running, although 'cpss rules "
              "check' passed the rule set."),
           N_("Simplify the rule the message names, and report the rule set.")),

    # --- outputs -----------------------------------------------------------------------------------------------
    _entry("output-is-input", "output", N_("The output file is one of the input files; cpss never writes over an input."),
           N_("Choose another output file with -o.")),
    _entry("exists", "output", N_("'cpss template' does not replace a file that exists."),
           N_("Choose another name, or add --force.")),
    _entry("output-open", "output", N_("The workbook to write is open in another program, so cpss does not replace it."),
           N_("Close it there and run again, or write another file with -o; if no program has it open, delete the "
              "stale lock file the message names.")),
    _entry("output-not-workplan", "output",
           N_("The file a workplan would replace is not a workplan cpss can read (another workbook, an older plan "
              "workbook, or not a workbook at all), so the values people filled in there could not be carried over."),
           N_("Write the workplan to another file with -o, or move the existing file away first.")),
    _entry("no-free-name", "output",
           N_("'cpss serve --data DIR' saves a file under a new name (name-2, name-3, ...) rather than over another, "
              "and found no free name."),
           N_("Move some of the files saved in that directory elsewhere.")),
    _entry("no-directory", "output", N_("The directory of the output file does not exist."),
           N_("Create the directory, or write the output elsewhere.")),
    _entry("output-is-directory", "output", N_("The output path is a directory."),
           N_("Give a file name, for example -o plan.json.")),
    _entry("dangling-symlink", "output",
           N_("The output path is a symbolic link to a file that does not exist; cpss does not write through it."),
           N_("Create the file it points to, remove the link, or choose another output path.")),
    _entry("special-file", "output",
           N_("The output path is a socket, a block device or another special file."),
           N_("Write to a regular file; -o also writes into character devices such as /dev/null and into named "
              "pipes.")),
    _entry("write-failed", "output", N_("The output could not be written: the disk is full, permission is denied, or "
              "another error of the system."),
           N_("Free space or check the permissions of the directory, or write elsewhere.")),

    # --- any command -------------------------------------------------------------------------------------------
    _entry(MORE_PROBLEMS, "general",
           N_("Stands for the problems not listed: an error lists at most 50 problems, then counts the rest."),
           N_("Correct the problems listed and run again to see the others."), _IN_ANY_FILE),
    _entry("unknown-error-code", "general", N_("'cpss errors CODE' was given a code that is not in the catalogue."),
           N_("Check the spelling (the hint names the closest code), or run 'cpss errors' for the list.")),
)
