/* workflow.h - the Keras workflow on a table of numbers, in five calls:
 *
 *   1. prepare   split off a test set (and a validation set) with a seeded
 *                shuffle; standardize the features with the TRAINING
 *                rows' mean and standard deviation only (the held-out rows
 *                must not leak into what the model sees); encode the target
 *   2. build     the hidden Dense layers (and Dropout) of the recipe, then
 *                the output layer the task needs; Glorot-uniform weights
 *                (Keras' default)
 *   3. fit       net_fit: shuffled mini-batches, the optimizer, a Keras
 *                log line per epoch, early stopping on val_loss
 *   4. evaluate  the held-out scores (scores.h): the confusion matrix and
 *                accuracy, or RMSE, MAE and R^2 in the target's own units
 *   5. predict   probabilities, or values in the target's own units
 *
 * What a task picks (003: the output activation and the loss go together):
 *
 *   task        output layer        loss                              target
 *   regression  Dense(1) linear     mse                               standardized with the
 *                                                                     training mean and std
 *   binary      Dense(1, sigmoid)   binary_crossentropy               0 or 1
 *   multiclass  Dense(k, softmax)   sparse_categorical_crossentropy   class index 0 .. k-1
 *
 * (Sparse categorical cross-entropy is categorical cross-entropy with the
 * label as an index instead of a one-hot row: 002's "label encoding".)
 *
 * A model saved for later (net_save) needs what prepare learned too: the
 * feature names and statistics, the target's scaling, the class names.
 * workflow_prep_save writes them beside the model, workflow_prep_load
 * reads them back.
 */
#ifndef ANNLAB_WORKFLOW_H
#define ANNLAB_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "act.h"
#include "data.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "rng.h"
#include "scores.h"

typedef enum { WORKFLOW_REGRESSION, WORKFLOW_BINARY, WORKFLOW_MULTICLASS } WorkflowTask;

/* "regression", "binary", "multiclass". */
const char *workflow_task_name(WorkflowTask task);

/* The task called name; 0, or -1 for an unknown name. */
int workflow_task_parse(const char *name, WorkflowTask *task);

/* The loss of a task (the table above); a static Loss. */
const Loss *workflow_loss(WorkflowTask task);

/* One hidden layer: Dense(units, act). */
typedef struct {
    int units;
    Act act;
} WorkflowLayer;

#define WORKFLOW_MAX_LAYERS 8
#define WORKFLOW_MAX_UNITS 4096

/* Hidden layers written as "16:relu,8:relu" ("" or "none": no hidden
 * layer, so a linear, logistic or softmax regression). Units 1 to
 * WORKFLOW_MAX_UNITS; activations by Keras' names: relu, tanh, sigmoid,
 * linear, elu, swish, leaky_relu. Returns the number of layers, or -1
 * with "layer 2 ("8:rleu"): unknown activation "rleu"; one of relu, tanh,
 * ..." or "a layer of 0 units; expected 1 to 4096" in err. */
int workflow_parse_layers(WorkflowLayer *out, int max, const char *spec, char *err, size_t len);

/* Everything that decides a run, filled with designated initializers. */
typedef struct {
    WorkflowTask task;
    const char *layers;   /* hidden layers, as workflow_parse_layers reads them */
    double dropout;       /* Dropout(rate) after every hidden layer; 0: none */
    double l2;            /* lambda of the L2 penalty lambda sum w^2 on the kernels; 0: none */
    OptimSpec optim;      /* the optimizer (0 fields: its defaults, optim.h) */
    int epochs;
    int batch_size;       /* 0: 32, Keras' default */
    int patience;         /* > 0: early stopping on val_loss, restoring the best weights */
    double test_fraction; /* of the rows, held out for the test */
    double val_fraction;  /* of the training rows, held out for validation; 0: none */
} WorkflowRecipe;

/* The data as a run uses them. Targets come twice: y_* as they are in the
 * file (class index, 0/1, or the value), t_* as the net trains on them
 * (the same, but standardized for regression). */
typedef struct {
    WorkflowTask task;
    int classes;                 /* k: 2 for binary, 0 for regression */
    Mat *X_train, *y_train, *t_train;
    Mat *X_val, *y_val, *t_val;  /* NULL without a validation set */
    Mat *X_test, *y_test, *t_test;
    Mat *mean, *std;             /* (1 x n): the training rows' feature statistics */
    double y_mean, y_std;        /* regression: the training targets'; else 0 and 1 */
} WorkflowData;

/* Prepare X (m x n) and its targets y (m x 1) for the recipe's task:
 * shuffle with rng, hold out round(test_fraction m) rows for the test,
 * then round(val_fraction (m - m_test)) of the rest for validation;
 * standardize every feature with the mean and (population) standard
 * deviation of the training rows (data_standardize; a constant column is
 * only centred); standardize a regression target the same way. classes
 * is k for multiclass (the targets must be 0 .. k-1), ignored otherwise.
 * Returns 0, or -1 with a message in err ("the target of row 12 is 2; a
 * binary task needs 0 or 1", "20 rows: too few to hold out a test set",
 * out of memory); on error *d is left empty. */
int workflow_prepare(WorkflowData *d, const Mat *X, const Mat *y, int classes,
                     const WorkflowRecipe *r, Rng *rng, char *err, size_t len);
void workflow_data_free(WorkflowData *d);

/* Rows of a batch the nets of workflow_build take: forward and predict
 * run in chunks of this many rows (and fit's batches must not be larger). */
#define WORKFLOW_MAX_ROWS 256

/* The model of the recipe for the data: the hidden layers (each followed
 * by Dropout when r->dropout > 0), the task's output layer, Glorot-uniform
 * weights drawn from rng. NULL with a message in err for a bad layer
 * string, a batch larger than WORKFLOW_MAX_ROWS, or out of memory. */
Net *workflow_build(const WorkflowData *d, const WorkflowRecipe *r, Rng *rng, char *err,
                    size_t len);

/* A run's history: per epoch (epochs entries; NAN where there is none). */
typedef struct {
    int epochs;      /* epochs run */
    int best_epoch;  /* the epoch whose weights were kept by early stopping; else the last */
    double *loss, *metric, *val_loss, *val_metric;
    char hint[160];  /* when training diverged: net_fit's hint (what to try), else "" */
} WorkflowHistory;

/* Train net on d's training rows (validation rows after each epoch) with
 * the recipe: r->epochs epochs of shuffled (rng) mini-batches, the
 * optimizer, the L2 penalty, early stopping when r->patience > 0 (and
 * there is a validation set). Each epoch's Keras line goes to log (NULL:
 * quiet; log_time adds the seconds). Fills h (free with
 * workflow_history_free). Returns 0, or -1 with net_fit's message in err
 * (diverged, with its hint in h->hint; a bad setting; out of memory). */
int workflow_fit(Net *net, const WorkflowData *d, const WorkflowRecipe *r, Rng *rng, FILE *log,
                 int log_time, WorkflowHistory *h, char *err, size_t len);
void workflow_history_free(WorkflowHistory *h);

/* out (X->rows x 1 for regression and binary, x k for multiclass): the
 * predictions for the standardized rows X, a regression's in the target's
 * own units (y_mean + y_std x output), else the probabilities. */
void workflow_predict(Net *net, const WorkflowData *d, const Mat *X, Mat *out);

/* Held-out scores of a model. */
typedef struct {
    WorkflowTask task;
    int classes;
    long m;               /* rows scored */
    double loss;          /* the task's loss on them (net_evaluate; standardized units for regression) */
    long *confusion;      /* classification: classes x classes (scores.h); NULL for regression */
    double accuracy;      /* classification: score_accuracy */
    ScoreRegression reg;  /* regression: in the target's own units */
} WorkflowScores;

/* Score net on the standardized rows X against the file's targets y
 * (d->y_test, say, with X = d->X_test). Returns 0, or -1 when out of
 * memory. Free with workflow_scores_free. */
int workflow_evaluate(Net *net, const WorkflowData *d, const Mat *X, const Mat *y,
                      WorkflowScores *s);
void workflow_scores_free(WorkflowScores *s);

/* ---- a whole run ------------------------------------------------------------------- */

/* One run of the workflow, in two calls so that the model can be shown
 * between them (its summary, its loss before training):
 *
 *     WorkflowRun run;
 *     if (workflow_start(&run, X, y, k, &recipe, seed, err, sizeof err) == 0) {
 *         net_summary(run.net, stdout);
 *         if (workflow_train(&run, &recipe, stdout, 0, err, sizeof err) == 0)
 *             ... run.test.accuracy, run.test.reg.r2 ...
 *     }
 *     workflow_run_free(&run);
 *
 * The same recipe, data and seed give the same numbers, bit for bit. */
typedef struct {
    Rng rng;             /* seeded by workflow_start: the split, the weights, the shuffles */
    WorkflowData data;
    Net *net;
    double initial_loss; /* the training rows' loss at the first weights (ln k for k
                          * balanced classes, about 1 for a standardized target) */
    WorkflowHistory history;
    WorkflowScores test; /* the test rows' scores after training */
} WorkflowRun;

/* Seed run->rng with seed, prepare the data (workflow_prepare), build the
 * model (workflow_build) and measure its initial loss. Returns 0, or -1
 * with err (the run is then empty; workflow_run_free is still safe). */
int workflow_start(WorkflowRun *run, const Mat *X, const Mat *y, int classes,
                   const WorkflowRecipe *r, uint64_t seed, char *err, size_t len);

/* Fit (workflow_fit, logging to log) and score the test rows into
 * run->test. Returns 0, or -1 with err. */
int workflow_train(WorkflowRun *run, const WorkflowRecipe *r, FILE *log, int log_time, char *err,
                   size_t len);
void workflow_run_free(WorkflowRun *run);

/* ---- what a saved model needs besides its weights ---------------------------------- */

typedef struct {
    WorkflowTask task;
    int n_features;
    char **features;      /* the n_features column names, in the model's input order */
    double *mean, *std;   /* each feature's standardization */
    char *target;         /* the target column's name */
    double y_mean, y_std; /* regression: the target's standardization */
    int classes;          /* k; 0 for regression */
    char **class_names;   /* k names of text classes, or NULL when the file numbers them */
} WorkflowPrep;

/* Write p to path as text: "annlab-prep 1", then one line a field, every
 * number with 17 significant digits (it reads back as the same double),
 * each name last on its line, so it may hold blanks:
 *
 *     annlab-prep 1
 *     task multiclass
 *     target species
 *     features 4
 *     feature 5.8433333333333337 0.82530129 sepal_length
 *     ...
 *     scale 0 1
 *     classes 3
 *     class setosa
 *     ...
 *     end
 *
 * Returns 0, or -1 with "path: why" in err. */
int workflow_prep_save(const WorkflowPrep *p, const char *path, char *err, size_t len);

/* Read a file workflow_prep_save wrote. Returns 0; DATA_CANNOT_OPEN with
 * "path: cannot open: reason"; or -1 with "path:line: what is wrong" for a
 * truncated or corrupt file ("path:7: expected "feature MEAN STD NAME"").
 * On error *p is left empty. */
int workflow_prep_load(WorkflowPrep *p, const char *path, char *err, size_t len);
void workflow_prep_free(WorkflowPrep *p);

#endif
